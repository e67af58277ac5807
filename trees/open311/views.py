"""Open311 GeoReport v2 endpoints: services, requests (GET list, POST
create), one request. Thin: parse, call the selector or service, render."""
from __future__ import annotations

import functools

from django.conf import settings
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from trees.models import ReportCategory
from trees.open311 import parsing, representation
from trees.open311.formats import Open311Error, error_response, respond
from trees.report_selectors import public_reports
from trees.services.errors import InventoryError
from trees.services.rate_limits import RateLimited, sender_key
from trees.services.reports import file_report

# Our field names as an Open311 client knows them.
OPEN311_FIELDS = {"location": "lat/long", "category": "service_code", "photo": "media", "contact": "email",
                  "address": "address_string", "idempotency_key": "Idempotency-Key", "tree": "tree_id"}
PUBLIC_READ = {"Access-Control-Allow-Origin": "*"}


def open311_endpoint(*methods: str):
    """Answer every failure in the standard error format of the requested
    format, and refuse other methods likewise."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, fmt: str = "json", **kwargs):
            try:
                if methods and request.method not in methods:
                    raise Open311Error(f"{request.method} is not supported here; use {' or '.join(methods)}",
                                       code=405, headers={"Allow": ", ".join(methods)})
                parsing.reject_nul(request.GET)
                parsing.reject_nul(kwargs, what="path: ")
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                return error_response(error, fmt=fmt)
            except RateLimited as error:
                return error_response(Open311Error(error.message, code=429, headers={
                    "Retry-After": str(error.retry_after_seconds)}), fmt=fmt)
            except InventoryError as error:
                field = OPEN311_FIELDS.get(error.field, error.field)
                return error_response(Open311Error(f"{field}: {error.message}" if field else error.message), fmt=fmt)
        return csrf_exempt(wrapper)
    return decorate


@open311_endpoint("GET")
def service_list(request, *, fmt):
    return respond(representation.services(), fmt=fmt, root="services", item="service", headers=PUBLIC_READ)


@open311_endpoint("GET")
def service_definition(request, service_code: str, *, fmt):
    """Our services take no extra attributes (`metadata` is false); the
    definition says so for clients that ask anyway."""
    if service_code not in ReportCategory.values:
        raise Open311Error(f"service_code: unknown service {service_code[:40]!r}; see services.json", code=404)
    return respond([{"service_code": service_code, "attributes": []}], fmt=fmt, root="service_definitions",
                   item="service_definition", headers=PUBLIC_READ)


@open311_endpoint("GET", "POST")
def service_requests(request, *, fmt):
    if request.method == "POST":
        return _create_request(request, fmt=fmt)
    filters = parsing.request_filters(request.GET)
    reports = public_reports(municipality_id=filters.municipality_id, tracking_codes=filters.tracking_codes,
                             categories=filters.categories, statuses=filters.statuses,
                             received_from=filters.received_from, received_until=filters.received_until,
                             limit=parsing.MAX_RESULTS)
    return _requests_response(request, reports, fmt=fmt)


@open311_endpoint("GET")
def service_request(request, service_request_id: str, *, fmt):
    jurisdiction = parsing.jurisdiction(request.GET)
    reports = list(public_reports(tracking_codes=[service_request_id],
                                  municipality_id=jurisdiction.pk if jurisdiction else None))
    if not reports:
        raise Open311Error(f"service_request_id: there is no request {service_request_id[:40]!r}", code=404)
    return _requests_response(request, reports, fmt=fmt)


@open311_endpoint()
def not_found(request, *, fmt, path=""):
    raise Open311Error(f"/{path[:80]} is not a GeoReport v2 resource; see services.json, requests.json and "
                       "requests/{id}.json", code=404)


def _requests_response(request, reports, *, fmt):
    names, zone = representation.category_names(), timezone.get_current_timezone()
    items = [representation.service_request(
        report, status_notes=report.latest_comment, service_names=names, zone=zone,
        media_url=request.build_absolute_uri(report.photo.url) if report.photo else None) for report in reports]
    return respond(items, fmt=fmt, root="service_requests", item="request", headers=PUBLIC_READ)


def _check_api_key(fields) -> None:
    keys = getattr(settings, "GREENMAP", {}).get("OPEN311_API_KEYS") or ()
    if keys and fields.get("api_key", "") not in keys:
        raise Open311Error("api_key: missing or not known to this server", code=403)


def _create_request(request, *, fmt):
    fields, files = parsing.posted_fields(request)
    _check_api_key(fields)
    municipality = parsing.jurisdiction(fields)
    if not fields.get("service_code", "").strip():
        raise Open311Error("service_code: required; see services.json for the list")
    point = parsing.location(fields)
    if municipality and not municipality.boundary.intersects(point):
        raise Open311Error(f"lat/long: ({point.y}, {point.x}) is outside jurisdiction {municipality.code!r}")
    tree_id = fields.get("tree_id", "").strip()
    if tree_id and not tree_id.isdigit():
        raise Open311Error(f"tree_id: {tree_id[:40]!r} is not a tree number")
    report = file_report(
        location=point, category=fields["service_code"].strip(), description=fields.get("description", ""),
        contact=parsing.contact(fields), photo=files.get("media") or files.get("photo"),
        tree=int(tree_id) if tree_id else None, address=fields.get("address_string", ""),
        external_photo_url=fields.get("media_url", "").strip(), channel="open311",
        idempotency_key=request.headers.get("Idempotency-Key") or fields.get("idempotency_key") or None,
        client_key=sender_key(request))
    notice = f"Follow the report at {request.build_absolute_uri(f'/reports/{report.tracking_code}/')}"
    return respond([{"service_request_id": report.tracking_code, "service_notice": notice, "account_id": None}],
                   fmt=fmt, root="service_requests", item="request", status=201)
