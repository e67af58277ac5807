"""The public map, a tree's card, place search, and following a report."""
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from greenmap.web.config import map_config
from greenmap.web.map_builder import build_map
from greenmap.web.nearest import BadQuery, nearest_tree
from greenmap.web.search import search_places
from greenmap.web.tree_card import tree_card
from trees.models.naming import active_language, name_in
from trees.report_selectors import public_report


@require_GET
def map_page(request):
    rendered = build_map()
    return render(request, "greenmap/map.html", {
        "map": rendered, "config": map_config(request, map_name=rendered.name)})


@require_GET
def tree_card_json(request, pk: int):
    staff = request.user.has_perm("trees.view_citizenreport")
    return JsonResponse(tree_card(pk, language=active_language(), staff=staff))


@require_GET
def nearest_tree_json(request):
    try:
        found = nearest_tree(request.GET)
    except BadQuery as error:
        return JsonResponse({"errors": {error.field: [error.message]}}, status=400)
    return JsonResponse({"tree": found})


@require_GET
def search_json(request):
    return JsonResponse({"results": search_places(request.GET.get("q", ""), language=active_language())})


@require_GET
def report_status(request, code: str):
    report = public_report(code)
    if report is None:
        raise Http404("no report with this tracking code")
    district = report.district and name_in(report.district)
    return render(request, "greenmap/report_status.html", {"report": report, "district": district})
