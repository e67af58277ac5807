"""Reading GeoReport v2 parameters. Every problem becomes an `Open311Error`
naming the parameter, never an exception the server would answer with 500."""
from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from trees.models import Municipality, ReportCategory
from trees.models.report import CLOSED_REPORT_STATUSES, OPEN_REPORT_STATUSES
from trees.open311.formats import Open311Error
from trees.services.report_photos import max_photo_bytes

DEFAULT_PERIOD = datetime.timedelta(days=90)
MAX_RESULTS = 1000
OPEN311_STATUSES = {"open": OPEN_REPORT_STATUSES, "closed": CLOSED_REPORT_STATUSES}
# The form fields besides the photo are small; this is their allowance.
FORM_ALLOWANCE_BYTES = 64 * 1024


@dataclass(frozen=True)
class RequestFilters:
    tracking_codes: list[str] | None
    categories: list[str] | None
    statuses: list[str] | None
    received_from: datetime.datetime | None
    received_until: datetime.datetime | None
    municipality_id: int | None


def reject_nul(values, *, what: str = "") -> None:
    """PostgreSQL cannot hold a NUL character; name the parameter carrying one."""
    for name, value in values.items():
        if "\x00" in str(name) or "\x00" in str(value):
            raise Open311Error(f"{what}{str(name).replace(chr(0), '')}: contains a NUL character")


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def w3_datetime(value: str, *, name: str) -> datetime.datetime:
    """A W3C date/time (`2024-05-01T08:00:00+06:00`, `...Z`, or a date);
    without an offset, the server's time zone is meant."""
    try:
        parsed = parse_datetime(value)
        if parsed is None and parse_date(value) is not None:
            parsed = datetime.datetime.combine(parse_date(value), datetime.time())
    except ValueError:
        parsed = None
    if parsed is None:
        raise Open311Error(f"{name}: {value!r} is not a date/time; use the W3C format, e.g. 2024-05-01T08:00:00+06:00")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def jurisdiction(params) -> Municipality | None:
    code = params.get("jurisdiction_id", "").strip()
    if not code:
        return None
    found = Municipality.objects.filter(code=code).first()
    if found is None:
        known = ", ".join(Municipality.objects.values_list("code", flat=True))
        raise Open311Error(f"jurisdiction_id: unknown jurisdiction {code!r}; this server serves: {known}", code=404)
    return found


def request_filters(params) -> RequestFilters:
    """The GET requests filters. A list of ids overrides the others, as the
    standard says; without dates, the last 90 days."""
    municipality = jurisdiction(params)
    municipality_id = municipality.pk if municipality else None
    ids = _list(params.get("service_request_id", ""))
    if ids:
        return RequestFilters(ids, None, None, None, None, municipality_id)
    categories = _list(params.get("service_code", "")) or None
    unknown = sorted(set(categories or ()) - set(ReportCategory.values))
    if unknown:
        raise Open311Error(f"service_code: unknown service {unknown[0]!r}; one of {', '.join(ReportCategory.values)}")
    statuses = None
    wanted = _list(params.get("status", "").lower())
    if wanted:
        bad = sorted(set(wanted) - set(OPEN311_STATUSES))
        if bad:
            raise Open311Error(f"status: {bad[0]!r} is not a status; use open or closed")
        statuses = [s for name in wanted for s in OPEN311_STATUSES[name]]
    start = w3_datetime(params["start_date"], name="start_date") if params.get("start_date") else None
    end = w3_datetime(params["end_date"], name="end_date") if params.get("end_date") else None
    if start and end and end < start:
        raise Open311Error("end_date: is before start_date")
    if start is None:
        start = (end or timezone.now()) - DEFAULT_PERIOD
    return RequestFilters(None, categories, statuses, start, end, municipality_id)


def _coordinate(params, name: str, low: float, high: float) -> float:
    raw = params.get(name, "").strip()
    if not raw:
        raise Open311Error(f"{name}: required; this server places reports by lat and long and does not look up "
                           "addresses")
    try:
        value = float(raw)
    except ValueError:
        raise Open311Error(f"{name}: {raw[:40]!r} is not a number") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise Open311Error(f"{name}: {raw[:40]!r} is out of range ({low} to {high})")
    return value


def location(params) -> Point:
    return Point(_coordinate(params, "long", -180, 180), _coordinate(params, "lat", -90, 90), srid=4326)


def contact(params) -> str:
    """The resident's name, e-mail and phone in one staff-only line."""
    name = " ".join(params.get(f, "").strip() for f in ("first_name", "last_name")).strip()
    parts = [name, params.get("email", "").strip(), params.get("phone", "").strip()]
    return "; ".join(p for p in parts if p)


def posted_fields(request) -> tuple[dict, dict]:
    """(fields, files) of a form-encoded, multipart or JSON POST, within the
    size the photo limit allows."""
    limit = max_photo_bytes() + FORM_ALLOWANCE_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Open311Error("the Content-Length header is not a number") from None
    if length > limit:
        raise Open311Error(f"the request is {length} bytes; at most {limit} are accepted", code=413)
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    try:
        fields, files = _json_fields(request.body) if content_type == "application/json" else (
            request.POST.dict(), request.FILES)
    except RequestDataTooBig:
        raise Open311Error(f"the form is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes", code=413) from None
    except (MultiPartParserError, SuspiciousOperation, UnicodeDecodeError, ValueError) as error:
        raise Open311Error(f"the request body cannot be read: {error}") from None
    reject_nul(fields)
    return fields, files


def _json_fields(body: bytes) -> tuple[dict, dict]:
    fields = json.loads(body or b"{}")
    if not isinstance(fields, dict) or not all(isinstance(v, (str, int, float)) for v in fields.values()):
        raise Open311Error("a JSON body must be an object of text or number fields")
    return {str(k): str(v) for k, v in fields.items()}, {}
