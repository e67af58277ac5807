"""Reads of citizen reports for the GeoJSON API (the tracking page and
Open311 read through `trees.report_selectors`; both keep spam out)."""
from __future__ import annotations

from django.db.models import QuerySet

from trees.models import CitizenReport, RejectionReason, ReportStatus, ReportStatusEvent


def spam_rejections() -> QuerySet[ReportStatusEvent]:
    """The status events that rejected a report as spam."""
    return ReportStatusEvent.objects.filter(status=ReportStatus.REJECTED, reason=RejectionReason.SPAM)


def without_spam(reports: QuerySet[CitizenReport]) -> QuerySet[CitizenReport]:
    """`reports` less those rejected as spam: they keep their status in the
    record, but the public sees neither them nor their content."""
    return reports.exclude(status=ReportStatus.REJECTED, pk__in=spam_rejections().values("report_id"))


def report_list(*, include_spam: bool = False) -> QuerySet[CitizenReport]:
    """Citizen reports, newest first. Reports rejected as spam are left out
    unless `include_spam` (staff); other rejections (duplicates, not the
    city's to fix) stay public with their status."""
    reports = CitizenReport.objects.order_by("-received_at", "-id")
    return reports if include_spam else without_spam(reports)
