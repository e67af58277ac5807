"""Reads of citizen reports: what the public may see of one report or of
many, and the queue a staff member works. Public reads never carry the
resident's contact, the sender's fingerprint or staff identities."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from trees.models import AdministrativeArea, CitizenReport, ReportStatus, ReportStatusEvent, StaffArea
from trees.models.report import OPEN_REPORT_STATUSES
from trees.selectors.reports import spam_rejections, without_spam

TRACKING_CODE = re.compile(r"[A-Z0-9]{1,16}")


@dataclass(frozen=True)
class PublicStatusEvent:
    status: str
    status_label: str
    comment: str
    at: datetime.datetime
    reason: str
    reason_label: str
    duplicate_of_code: str | None


@dataclass(frozen=True)
class PublicReport:
    """A report as anyone holding its tracking code may see it."""

    tracking_code: str
    category: str
    category_label: str
    status: str
    status_label: str
    is_open: bool
    description: str
    address: str
    location: Point
    tree_id: int | None
    district: AdministrativeArea | None
    council_area: AdministrativeArea | None
    received_at: datetime.datetime
    updated_at: datetime.datetime
    photo_url: str | None
    thumbnail_url: str | None
    duplicate_of_code: str | None
    events: tuple[PublicStatusEvent, ...]


def _is_hidden(report: CitizenReport) -> bool:
    """Reports rejected as spam keep their status public, not their content."""
    return report.status == ReportStatus.REJECTED and spam_rejections().filter(report=report).exists()


def public_report(tracking_code: str) -> PublicReport | None:
    """The report with this tracking code (case and surrounding spaces do
    not matter) and its status events, oldest first, as the public sees
    them; None when there is no such report."""
    code = (tracking_code or "").strip().upper()
    if not TRACKING_CODE.fullmatch(code):
        return None
    report = (CitizenReport.objects.select_related("district", "council_area", "duplicate_of")
              .defer("district__boundary", "council_area__boundary").filter(tracking_code=code).first())
    if report is None:
        return None
    hidden = _is_hidden(report)
    events = tuple(
        PublicStatusEvent(status=e.status, status_label=e.get_status_display(), comment=e.comment, at=e.recorded_at,
                          reason=e.reason, reason_label=e.get_reason_display() if e.reason else "",
                          duplicate_of_code=e.duplicate_of.tracking_code if e.duplicate_of_id else None)
        for e in report.status_events.select_related("duplicate_of").order_by("recorded_at", "id"))
    return PublicReport(
        tracking_code=report.tracking_code, category=report.category, category_label=report.get_category_display(),
        status=report.status, status_label=report.get_status_display(), is_open=report.is_open,
        description="" if hidden else report.description, address="" if hidden else report.address,
        location=report.location, tree_id=report.tree_id, district=report.district,
        council_area=report.council_area, received_at=report.received_at, updated_at=report.updated_at,
        photo_url=report.photo.url if report.photo and not hidden else None,
        thumbnail_url=report.photo_thumbnail.url if report.photo_thumbnail and not hidden else None,
        duplicate_of_code=report.duplicate_of.tracking_code if report.duplicate_of_id else None, events=events)


def public_reports(*, municipality_id: int | None = None, tracking_codes: list[str] | None = None,
                   categories: list[str] | None = None, statuses: list[str] | None = None,
                   received_from: datetime.datetime | None = None, received_until: datetime.datetime | None = None,
                   limit: int = 1000) -> QuerySet[CitizenReport]:
    """Reports the public may list, newest first, annotated with
    `latest_comment` (the newest public status comment) and
    `district_name_en` / `district_name_ru`. Spam stays out.
    Callers must not show `contact`: use `.values()` of public fields or
    the Open311 serializer."""
    latest_comment = (ReportStatusEvent.objects.filter(report=OuterRef("pk")).exclude(comment="")
                      .order_by("-recorded_at", "-id").values("comment")[:1])
    # The district's name, not the district: its boundary is heavy to fetch.
    reports = (without_spam(CitizenReport.objects.defer("contact", "client_fingerprint"))
               .annotate(latest_comment=Subquery(latest_comment), district_name_en=F("district__name_en"),
                         district_name_ru=F("district__name_ru")))
    if municipality_id is not None:
        reports = reports.filter(municipality_id=municipality_id)
    if tracking_codes:
        codes = [c.strip().upper() for c in tracking_codes]
        reports = reports.filter(tracking_code__in=[c for c in codes if TRACKING_CODE.fullmatch(c)])
    if categories:
        reports = reports.filter(category__in=categories)
    if statuses:
        reports = reports.filter(status__in=statuses)
    if received_from is not None:
        reports = reports.filter(received_at__gte=received_from)
    if received_until is not None:
        reports = reports.filter(received_at__lte=received_until)
    return reports.order_by("-received_at", "-id")[:limit]


def report_queue(*, user, statuses=OPEN_REPORT_STATUSES) -> QuerySet[CitizenReport]:
    """The reports a moderator or gardener works: those in the districts or
    council areas assigned to them (`StaffArea`), or the whole city's when
    none is assigned; open ones by default, oldest first."""
    reports = CitizenReport.objects.filter(status__in=statuses)
    area_ids = list(StaffArea.objects.filter(user=user).values_list("area_id", flat=True))
    if area_ids:
        reports = reports.filter(Q(district_id__in=area_ids) | Q(council_area_id__in=area_ids))
    return (reports.select_related("district", "council_area", "tree")
            .defer("district__boundary", "council_area__boundary").order_by("received_at", "id"))
