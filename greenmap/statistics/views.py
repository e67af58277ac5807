"""The public statistics page and its JSON API. Thin: read the query, ask
the selectors (through `presenting`), render."""
from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from greenmap.statistics import presenting
from greenmap.statistics.query import BadParameter, statistics_query
from trees.models import AdministrativeLevel, Municipality

PUBLIC_READ = {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=60"}


def _json_error(error: BadParameter) -> JsonResponse:
    return JsonResponse({"errors": {error.name: [error.message]}}, status=error.status)


def _json(document: dict) -> JsonResponse:
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    for name, value in PUBLIC_READ.items():
        response[name] = value
    return response


@require_GET
def statistics_page(request):
    context = {"municipalities": Municipality.objects.order_by("code").defer("boundary"),
               "levels": AdministrativeLevel.choices, "params": request.GET}
    status = 200
    try:
        query = statistics_query(request.GET)
        context.update(presenting.page_context(query))
    except BadParameter as error:
        context["error"] = error
        status = error.status
    return render(request, "statistics/page.html", context, status=status)


@require_GET
def report_statistics(request):
    try:
        return _json(presenting.report_document(statistics_query(request.GET)))
    except BadParameter as error:
        return _json_error(error)


@require_GET
def tree_statistics(request):
    try:
        return _json(presenting.tree_document(statistics_query(request.GET)))
    except BadParameter as error:
        return _json_error(error)
