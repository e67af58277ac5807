"""The JSON the map's script starts from: where the data is, what the
visitor may do, and the vocabularies in the visitor's language."""
from django.urls import reverse

from greenmap.web.strings import map_strings
from trees.models import ConditionClass, Defect, MaintenanceKind, ReportCategory, Species
from trees.models.naming import active_language

TREE_ZOOM = 15
CONDITION_COLOURS = {"good": "#1a9641", "fair": "#8cc63f", "poor": "#f39c12", "critical": "#d7191c",
                     "dead": "#555555", "unknown": "#2b83ba"}


def map_config(request, *, map_name: str) -> dict:
    language = active_language()
    user = request.user
    species = sorted(((s.pk, s.local_name(language)) for s in Species.objects.all()), key=lambda pair: pair[1])
    return {
        "mapName": map_name,
        # From this zoom on the trees layer carries single trees, not cells.
        "treeZoom": TREE_ZOOM,
        "language": language,
        "tiles": {layer: f"/tiles/{layer}/{{z}}/{{x}}/{{y}}.pbf" for layer in ("trees", "areas", "reports")},
        "urls": {
            "treeCard": reverse("map-tree-card", args=[0]).replace("/0.json", "/{id}.json"),
            "search": reverse("map-search"),
            "nearestTree": reverse("map-nearest-tree"),
            "submitReport": reverse("report-submit"),
            "reportStatus": reverse("report-status", args=["CODE"]).replace("CODE", "{code}"),
            "api": "/api/v1/",
        },
        "conditions": [{"value": v, "label": str(label), "colour": CONDITION_COLOURS[v]}
                       for v, label in ConditionClass.choices] + [
            {"value": "unknown", "label": str(map_strings()["unknown"]), "colour": CONDITION_COLOURS["unknown"]}],
        "species": [{"id": pk, "name": name} for pk, name in species],
        "reportCategories": [{"value": v, "label": str(label)} for v, label in ReportCategory.choices],
        "maintenanceKinds": [{"value": v, "label": str(label)} for v, label in MaintenanceKind.choices],
        "defects": [{"value": v, "label": str(label)} for v, label in Defect.choices],
        "can": {
            "recordCondition": user.has_perm("trees.add_conditionrecord"),
            "logWork": user.has_perm("trees.add_maintenanceevent"),
            "plant": user.has_perm("trees.add_tree"),
        },
        "strings": map_strings(),
    }
