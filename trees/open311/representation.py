"""Services and service requests under GeoReport v2's field names. Report
categories are the services; tracking codes are the request ids. Nothing
here reads the resident's contact."""
from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trees.models import CitizenReport, ReportCategory
from trees.models.report import OPEN_REPORT_STATUSES

SERVICE_DESCRIPTIONS = {
    ReportCategory.DAMAGED: _("Broken branches, torn bark, a damaged trunk or roots"),
    ReportCategory.SICK: _("Pests, disease, wilting or discoloured leaves"),
    ReportCategory.DANGEROUS: _("A tree or branch that may fall on people, cars, wires or buildings"),
    ReportCategory.FELLED: _("A tree cut down or being cut down, or a fresh stump"),
    ReportCategory.DEAD: _("A standing tree without leaves in season, or with dry bark falling off"),
    ReportCategory.OTHER: _("Anything else about a tree, a park or a square"),
}
GROUP = "trees"


def w3_datetime(value, zone=None) -> str | None:
    """ISO 8601 with the offset, in the server's time zone (W3C profile)."""
    return value.astimezone(zone or timezone.get_current_timezone()).isoformat(timespec="seconds") if value else None


def open311_status(status: str) -> str:
    return "open" if status in OPEN_REPORT_STATUSES else "closed"


def services() -> list[dict]:
    return [{"service_code": code, "service_name": str(label), "description": str(SERVICE_DESCRIPTIONS[code]),
             "metadata": False, "type": "realtime", "keywords": "tree", "group": GROUP}
            for code, label in ReportCategory.choices]


def category_names() -> dict[str, str]:
    """Service names in the active language, translated once per response."""
    return {code: str(label) for code, label in ReportCategory.choices}


def service_request(report: CitizenReport, *, media_url: str | None, status_notes: str | None,
                    service_names: dict[str, str], zone) -> dict:
    """One request from `public_reports` (which annotates the district's
    names), with the standard fields and two of ours: `detailed_status` (the
    workflow step, as FixMyStreet's extension names it) and `tree_id`."""
    return {
        "service_request_id": report.tracking_code,
        "status": open311_status(report.status),
        "detailed_status": report.status.upper(),
        "status_notes": status_notes or None,
        "service_name": service_names.get(report.category, report.category),
        "service_code": report.category,
        "description": report.description,
        "agency_responsible": report.district_name_en or report.district_name_ru or None,
        "service_notice": None,
        "requested_datetime": w3_datetime(report.received_at, zone),
        "updated_datetime": w3_datetime(report.updated_at, zone),
        "expected_datetime": None,
        "address": report.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": round(report.location.y, 7),
        "long": round(report.location.x, 7),
        "media_url": media_url,
        "tree_id": report.tree_id,
    }
