from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from trees.models.choices import Channel, ConditionClass, GreenAreaKind


class GreenArea(models.Model):
    """A park, square, boulevard or other green area, as a (multi)polygon."""

    municipality = models.ForeignKey("trees.Municipality", on_delete=models.PROTECT, related_name="green_areas")
    kind = models.CharField(_("kind"), max_length=16, choices=GreenAreaKind.choices)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    boundary = models.MultiPolygonField(_("boundary"), srid=4326)
    # Computed in square metres on the spheroid by the services.
    area_m2 = models.FloatField(_("area (m²)"), editable=False)
    district = models.ForeignKey("trees.AdministrativeArea", verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="green_areas", editable=False)
    current_condition = models.CharField(_("current condition"), max_length=16, choices=ConditionClass.choices,
                                         null=True, blank=True, editable=False)
    current_condition_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    created_via = models.CharField(max_length=16, choices=Channel.choices, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    updated_via = models.CharField(max_length=16, choices=Channel.choices, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("green area")
        verbose_name_plural = _("green areas")
        ordering = ["name_ru"]

    def __str__(self):
        return self.name_en or self.name_ru
