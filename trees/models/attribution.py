from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trees.models.choices import Channel


class Attributed(models.Model):
    """Who made a record, when, and through which channel (web, API, import
    batch N, citizen report N). Every table written by people carries it."""

    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    # The import batch or citizen report id when channel is import or report.
    channel_ref = models.BigIntegerField(_("channel reference"), null=True, blank=True)

    class Meta:
        abstract = True
