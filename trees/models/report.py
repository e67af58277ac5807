from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from trees.models.choices import ReportCategory, ReportStatus


class CitizenReport(models.Model):
    """A resident's report of a problem at a point, optionally about a known
    tree. `contact` is personal data: staff only, never in public output."""

    municipality = models.ForeignKey("trees.Municipality", on_delete=models.PROTECT, related_name="reports")
    location = models.PointField(_("location"), srid=4326)
    tree = models.ForeignKey("trees.Tree", verbose_name=_("tree"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="reports")
    category = models.CharField(_("category"), max_length=16, choices=ReportCategory.choices)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    contact = models.CharField(_("contact (private)"), max_length=200, blank=True)
    photo = models.ImageField(_("photo"), upload_to="reports/%Y/%m/", null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.RECEIVED)
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    district = models.ForeignKey("trees.AdministrativeArea", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="district_reports", editable=False)
    council_area = models.ForeignKey("trees.AdministrativeArea", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="council_reports", editable=False)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="duplicates")
    # Phones on bad networks retry; the same key must not create two reports.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=16, default="web")
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("citizen report")
        verbose_name_plural = _("citizen reports")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["municipality", "status"]), models.Index(fields=["district", "status"])]

    def __str__(self):
        return f"{self.tracking_code} ({self.get_category_display()})"
