"""The life of a citizen report, one appended row per status change. The
table is append-only in the database (migration 0005): what the city told a
resident stays told."""
from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trees.models.attribution import Attributed
from trees.models.choices import ReportStatus


class RejectionReason(models.TextChoices):
    SPAM = "spam", _("spam or abuse")
    DUPLICATE = "duplicate", _("duplicate of another report")
    NOT_RESPONSIBLE = "not_responsible", _("not the city's responsibility")


class ReportStatusEvent(Attributed):
    """A report entering `status`, with a comment the resident sees.
    `previous_status` is empty for the report's receipt."""

    municipality = models.ForeignKey("trees.Municipality", on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey("trees.CitizenReport", on_delete=models.PROTECT, related_name="status_events")
    previous_status = models.CharField(_("previous status"), max_length=16, choices=ReportStatus.choices, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices)
    reason = models.CharField(_("reason for rejection"), max_length=16, choices=RejectionReason.choices, blank=True)
    comment = models.TextField(_("public comment"), max_length=2000, blank=True)
    duplicate_of = models.ForeignKey("trees.CitizenReport", verbose_name=_("duplicate of"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    # What was done: the work logged, or the observation recorded, for it.
    maintenance_event = models.ForeignKey("trees.MaintenanceEvent", verbose_name=_("maintenance event"), null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="report_events")
    condition_record = models.ForeignKey("trees.ConditionRecord", verbose_name=_("condition record"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="report_events")

    class Meta:
        verbose_name = _("report status change")
        verbose_name_plural = _("report status changes")
        ordering = ["report", "recorded_at", "id"]
        indexes = [models.Index(fields=["report", "recorded_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(status=ReportStatus.REJECTED) | Q(reason=""),
                                   name="report_event_reason_only_for_rejection"),
            models.CheckConstraint(condition=~Q(status=ReportStatus.REJECTED) | ~Q(reason=""),
                                   name="report_event_rejection_has_reason"),
            models.CheckConstraint(condition=Q(reason=RejectionReason.DUPLICATE, duplicate_of__isnull=False)
                                   | (~Q(reason=RejectionReason.DUPLICATE) & Q(duplicate_of__isnull=True)),
                                   name="report_event_duplicate_names_original"),
        ]

    def __str__(self):
        return f"{self.report_id}: {self.previous_status or '∅'} → {self.status}"
