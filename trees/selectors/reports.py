"""Reads of citizen reports for the GeoJSON API (the tracking page and
Open311 read through `trees.report_selectors`; both keep spam out)."""
from __future__ import annotations

from django.db.models import QuerySet

from trees.models import CitizenReport, RejectionReason, ReportStatus, ReportStatusEvent


def report_list(*, include_spam: bool = False) -> QuerySet[CitizenReport]:
    """Citizen reports, newest first. Reports rejected as spam are left out
    unless `include_spam` (staff); other rejections (duplicates, not the
    city's to fix) stay public with their status."""
    reports = CitizenReport.objects.order_by("-received_at", "-id")
    if include_spam:
        return reports
    spam = ReportStatusEvent.objects.filter(status=ReportStatus.REJECTED, reason=RejectionReason.SPAM)
    return reports.exclude(status=ReportStatus.REJECTED, pk__in=spam.values("report_id"))
