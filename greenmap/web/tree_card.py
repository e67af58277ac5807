"""What a tree's popup shows, in the visitor's language."""
from django.shortcuts import get_object_or_404

from trees.models import CitizenReport, ConditionRecord, Defect, MaintenanceEvent, ReportStatus
from trees.models.naming import name_in
from trees.models.report import OPEN_REPORT_STATUSES
from trees.selectors.trees import tree_list

HISTORY_LENGTH = 5
NEARBY_REPORTS_M = 30
OPEN_STATUSES = [str(status) for status in OPEN_REPORT_STATUSES]
DEFECT_LABELS = dict(Defect.choices)


def tree_card(pk: int, *, language: str, staff: bool) -> dict:
    tree = get_object_or_404(tree_list().select_related("species", "green_area", "district"), pk=pk)
    conditions = (ConditionRecord.objects.filter(tree=tree, retracts=False, corrections__isnull=True)
                  .order_by("-observed_at", "-id")[:HISTORY_LENGTH])
    work = (MaintenanceEvent.objects.filter(tree=tree, retracts=False, corrections__isnull=True)
            .order_by("-performed_at", "-id")[:HISTORY_LENGTH])
    card = {
        "id": tree.pk, "lat": tree.location.y, "lon": tree.location.x, "version": tree.version,
        "species": tree.species.local_name(language) if tree.species else None,
        "scientific_name": tree.species.scientific_name if tree.species else None,
        "status": tree.status, "status_label": tree.get_status_display(),
        "condition": tree.current_condition, "condition_label": tree.get_current_condition_display(),
        "planted_year": tree.planted_year, "trunk_diameter_cm": tree.trunk_diameter_cm, "height_m": tree.height_m,
        "crown_diameter_m": tree.crown_diameter_m, "address": tree.address,
        "green_area": tree.green_area and name_in(tree.green_area, language),
        "district": tree.district and name_in(tree.district, language),
        "conditions": [{"date": r.observed_at.date().isoformat(), "label": r.get_condition_display(),
                        "condition": r.condition, "defects": [str(DEFECT_LABELS.get(d, d)) for d in r.defects]}
                       for r in conditions],
        "work": [{"date": e.performed_at.date().isoformat(), "label": e.get_kind_display(),
                  "performed_by": e.performed_by, "contractor": e.contractor} for e in work],
        "photos": [r.photo.url for r in tree.reports.exclude(photo="").exclude(photo__isnull=True)
                   .exclude(status__in=[ReportStatus.RECEIVED, ReportStatus.REJECTED])[:4]],
    }
    if staff:
        nearby = CitizenReport.objects.raw(
            """SELECT * FROM trees_citizenreport WHERE status = ANY(%s)
               AND ST_DWithin(location::geography, %s::geography, %s) ORDER BY received_at DESC LIMIT 10""",
            [OPEN_STATUSES, tree.location.ewkt, NEARBY_REPORTS_M])
        card["nearby_reports"] = [{"tracking_code": r.tracking_code, "category": r.get_category_display(),
                                   "status": r.get_status_display(), "received": r.received_at.date().isoformat()}
                                  for r in nearby]
    return card
