from django.conf import settings
from django.contrib.gis.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from trees.models.choices import ReportCategory, ReportStatus

# Open311 speaks of two states; the workflow has more.
OPEN_REPORT_STATUSES = (ReportStatus.RECEIVED, ReportStatus.CONFIRMED, ReportStatus.ASSIGNED, ReportStatus.IN_PROGRESS)
CLOSED_REPORT_STATUSES = (ReportStatus.REJECTED, ReportStatus.RESOLVED, ReportStatus.UNABLE_TO_FIX)


class CitizenReport(models.Model):
    """A resident's report of a problem at a point, optionally about a known
    tree. `contact` is personal data: staff only, never in public output.
    Written only through `trees.services.reports`; its status changes are
    kept as `ReportStatusEvent` rows."""

    municipality = models.ForeignKey("trees.Municipality", on_delete=models.PROTECT, related_name="reports")
    location = models.PointField(_("location"), srid=4326)
    tree = models.ForeignKey("trees.Tree", verbose_name=_("tree"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="reports")
    category = models.CharField(_("category"), max_length=16, choices=ReportCategory.choices)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    # Columns added after the first release carry database defaults, so that
    # set-based SQL inserts (the demo loader) need not name them.
    address = models.CharField(_("address or landmark"), max_length=300, blank=True, default="", db_default="")
    contact = models.CharField(_("contact (private)"), max_length=200, blank=True)
    photo = models.ImageField(_("photo"), upload_to="reports/%Y/%m/", null=True, blank=True)
    photo_thumbnail = models.ImageField(_("photo thumbnail"), upload_to="reports/%Y/%m/", null=True, blank=True,
                                        editable=False)
    # An Open311 client's link to a photo it hosts. Never fetched by the
    # server (that would let anyone make it request any address); staff only.
    external_photo_url = models.URLField(_("photo link given by the sending app (private)"), max_length=500,
                                         blank=True, default="", db_default="")
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.RECEIVED)
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    district = models.ForeignKey("trees.AdministrativeArea", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="district_reports", editable=False)
    council_area = models.ForeignKey("trees.AdministrativeArea", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="council_reports", editable=False)
    # Set by a moderator rejecting the report as a duplicate.
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="duplicates")
    # Set when the report is filed: an open report of the same category close
    # by in recent days. A hint for triage, not a verdict.
    likely_duplicate_of = models.ForeignKey("self", verbose_name=_("likely duplicate of"), null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="likely_duplicates",
                                            editable=False)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="assigned_reports", editable=False)
    # Phones on bad networks retry; the same key must not create two reports.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    # A keyed hash of the sender's address, for rate limiting; not reversible
    # to the address without the server's secret.
    client_fingerprint = models.CharField(max_length=64, null=True, blank=True, editable=False)
    channel = models.CharField(_("channel"), max_length=16, default="web")
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), db_default=Now(), editable=False)

    class Meta:
        verbose_name = _("citizen report")
        verbose_name_plural = _("citizen reports")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["district", "status"]),
            models.Index(fields=["council_area", "status"]),
            models.Index(fields=["client_fingerprint", "received_at"], name="report_client_recent"),
        ]

    def __str__(self):
        return f"{self.tracking_code} ({self.get_category_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REPORT_STATUSES


class StaffArea(models.Model):
    """A district or council area whose report queue a moderator or gardener
    works. Staff with no area work the whole city's queue."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.CASCADE,
                             related_name="report_areas")
    area = models.ForeignKey("trees.AdministrativeArea", verbose_name=_("area"), on_delete=models.CASCADE,
                             related_name="staff")

    class Meta:
        verbose_name = _("staff area")
        verbose_name_plural = _("staff areas")
        constraints = [models.UniqueConstraint(fields=["user", "area"], name="staff_area_unique")]

    def __str__(self):
        return f"{self.user} → {self.area}"


class QueuedReport(CitizenReport):
    """Citizen reports as staff triage them: the admin's queue, narrowed to
    the areas a staff member works (see `report_queue`)."""

    class Meta:
        proxy = True
        verbose_name = _("report in the queue")
        verbose_name_plural = _("report queue")
