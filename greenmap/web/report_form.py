"""Receives a resident's report from the map (multipart, so a photo can
come along) and hands it to the reports service."""
from django.contrib.gis.geos import Point
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from trees.selectors.trees import tree_list
from trees.services.errors import InventoryError
from trees.services.rate_limits import sender_key
from trees.services.reports import RateLimited, file_report

HONEYPOT_FIELD = "website"  # hidden from people; bots fill it in


def _error(field: str, message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": {field: [message]}}, status=status)


@require_POST
def submit_report(request):
    data = request.POST
    if data.get(HONEYPOT_FIELD):
        return _error("non_field_errors", "submission refused")
    try:
        location = Point(float(data.get("lon", "")), float(data.get("lat", "")), srid=4326)
    except ValueError:
        return _error("location", "pick a point on the map")
    tree = None
    if data.get("tree"):
        tree = tree_list().filter(pk=data["tree"]).first() \
            if data["tree"].isdigit() else None
        if tree is None:
            return _error("tree", f"there is no tree {data['tree'][:20]!r}")
    try:
        report = file_report(location=location, category=data.get("category", ""),
                             description=data.get("description", ""), contact=data.get("contact", ""),
                             photo=request.FILES.get("photo"), tree=tree,
                             idempotency_key=request.headers.get("Idempotency-Key") or data.get("idempotency_key"),
                             channel="web", client_key=sender_key(request))
    except InventoryError as error:
        status = 429 if isinstance(error, RateLimited) else 400
        return JsonResponse({"errors": error.as_dict()}, status=status)
    return JsonResponse({"tracking_code": report.tracking_code,
                         "url": reverse("report-status", args=[report.tracking_code])}, status=201)
