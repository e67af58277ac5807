from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from trees.models.choices import AdministrativeLevel


class Municipality(models.Model):
    """A city or rural municipality. Every inventory row belongs to exactly one,
    which also makes it the natural distribution key when the data outgrows
    one server."""

    code = models.SlugField(_("code"), unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    boundary = models.MultiPolygonField(_("boundary"), srid=4326)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["code"]

    def __str__(self):
        return self.name_en


class AdministrativeArea(models.Model):
    """A district or city council area inside a municipality."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="areas")
    level = models.CharField(_("level"), max_length=16, choices=AdministrativeLevel.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.SlugField(_("code"))
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    boundary = models.MultiPolygonField(_("boundary"), srid=4326)

    class Meta:
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        ordering = ["municipality", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "level", "code"], name="admin_area_code_unique"),
        ]

    def __str__(self):
        return self.name_en
