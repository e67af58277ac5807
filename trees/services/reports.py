"""Filing citizen reports. A report is attached to the nearest tree close to
its point, routed to the district and council area containing it, linked to
a likely duplicate, and stored exactly once however often a phone retries.
Status changes live in `report_status`; both are exported from here."""
from __future__ import annotations

import math
import re
import secrets

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import IntegrityError, connection, transaction

from trees.models import CitizenReport, Channel, ReportCategory, ReportStatus, ReportStatusEvent, Tree, TreeStatus
from trees.models.report import OPEN_REPORT_STATUSES
from trees.report_selectors import public_report
from trees.services.errors import InvalidValue
from trees.services.places import as_wgs84_point, districts_for, municipality_containing
from trees.services.rate_limits import RateLimited, check_sender_limit, client_fingerprint, hold_sender, sender_key
from trees.services.report_photos import process_report_photo
from trees.services.report_status import change_report_status, check_status_change, record_report_check

__all__ = ["RateLimited", "change_report_status", "check_status_change", "file_report", "public_report",
           "record_report_check", "sender_key"]

# Where a report may come from, and the channel its receipt is attributed to.
REPORT_CHANNELS = {"web": Channel.WEB, "open311": Channel.API, "api": Channel.API, "admin": Channel.ADMIN}
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over the phone
TRACKING_PREFIX = "GB"
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._:\-]{8,64}")
# Control characters other than tab and newline; NUL is refused by PostgreSQL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Trees a report can be about: those standing, or their stumps.
REPORTABLE_TREE_STATUSES = (TreeStatus.ALIVE, TreeStatus.DEAD, TreeStatus.STUMP)

DEFAULT_DUPLICATE_DISTANCE_M = 15
DEFAULT_DUPLICATE_DAYS = 7

# Nearest reportable tree within `metres`. The first condition is a cheap
# box test on the GiST index (a degree of longitude is shorter than one of
# latitude, hence the cosine); the second measures on the spheroid.
_NEAREST_TREE_SQL = """
    SELECT id FROM trees_tree
    WHERE municipality_id = %(municipality)s AND status = ANY(%(statuses)s)
      AND location && ST_Expand(ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326), %(degrees)s)
      AND ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography, %(metres)s)
    ORDER BY location::geography <-> ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography
    LIMIT 1
"""

# The oldest open report of the same category about the same tree, or close
# by, in recent days; its own likely original if it has one.
_LIKELY_ORIGINAL_SQL = """
    SELECT coalesce(likely_duplicate_of_id, id) FROM trees_citizenreport
    WHERE id <> %(report)s AND municipality_id = %(municipality)s AND category = %(category)s
      AND status = ANY(%(open)s) AND received_at >= now() - make_interval(days => %(days)s)
      AND ((%(tree)s::bigint IS NOT NULL AND tree_id = %(tree)s::bigint)
           OR (location && ST_Expand(ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326), %(degrees)s)
               AND ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography,
                              %(metres)s)))
    ORDER BY received_at, id
    LIMIT 1
"""


def _setting(name: str, default):
    return getattr(settings, "GREENMAP", {}).get(name, default)


def file_report(*, location: Point, category: str, description: str = "", contact: str = "", photo=None,
                tree: Tree | int | None = None, idempotency_key: str | None = None, channel: str = "web",
                client_key: str | None = None, address: str = "", external_photo_url: str = "") -> CitizenReport:
    """File a resident's report and return it.

    `location` is a point in any SRID inside a municipality of the inventory.
    Without `tree`, the report is attached to the nearest standing tree (or
    stump) within settings.GREENMAP["REPORT_SNAP_DISTANCE_M"]; otherwise it
    stays a point. It is routed to the district and council area containing
    the point and linked to a likely duplicate (an open report of the same
    category about the same tree or within REPORT_DUPLICATE_DISTANCE_M in the
    last REPORT_DUPLICATE_DAYS). `photo` (an uploaded file) is validated and
    stored re-encoded without metadata, with a thumbnail. `contact` is kept
    for staff only.

    A repeated `idempotency_key` returns the report the key first created,
    without writing anything. `client_key` (the sender's address or app key)
    is rate limited: `RateLimited` when it filed too many reports lately.
    Bad input raises `InvalidValue` / `OutsideMunicipality` naming the field.
    """
    key = _clean_idempotency_key(idempotency_key)
    if key:
        existing = CitizenReport.objects.filter(idempotency_key=key).first()
        if existing:
            return existing
    values = _validated_values(category=category, description=description, contact=contact, address=address,
                               channel=channel, external_photo_url=external_photo_url)
    point = as_wgs84_point(location)
    municipality = municipality_containing(point)
    chosen_tree = _given_tree(tree, municipality_id=municipality.pk)
    processed = process_report_photo(photo) if photo is not None else None
    if client_key:
        values["client_fingerprint"] = client_fingerprint(str(client_key))
    attempts = 3  # a new tracking code colliding with an old one is retried
    while True:
        attempts -= 1
        try:
            return _insert(point=point, municipality=municipality, tree=chosen_tree, key=key, photo=processed,
                           values=values)
        except IntegrityError as error:
            if key and _violates(error, "idempotency_key"):
                # The same submission, retried while the first was still
                # being written, lost the race on the unique key.
                return CitizenReport.objects.get(idempotency_key=key)
            if not (_violates(error, "tracking_code") and attempts):
                raise


def _insert(*, point, municipality, tree, key, photo, values) -> CitizenReport:
    stored_files = []
    try:
        with transaction.atomic():
            if values.get("client_fingerprint"):
                hold_sender(values["client_fingerprint"])
                # A retry that waited for its first attempt finds it here.
                repeated = key and CitizenReport.objects.filter(idempotency_key=key).first()
                if repeated:
                    return repeated
                check_sender_limit(values["client_fingerprint"])
            report = CitizenReport.objects.create(
                municipality=municipality, location=point, idempotency_key=key, tracking_code=_new_tracking_code(),
                tree_id=tree.pk if tree else _nearest_tree_id(point, municipality_id=municipality.pk),
                **districts_for(point, municipality=municipality), **values)
            report.likely_duplicate_of_id = _likely_original_id(report)
            if photo:
                report.photo.save(f"{report.tracking_code}.jpg", photo.photo, save=False)
                stored_files.append(report.photo.name)
                report.photo_thumbnail.save(f"{report.tracking_code}-thumb.jpg", photo.thumbnail, save=False)
                stored_files.append(report.photo_thumbnail.name)
            report.save(update_fields=["likely_duplicate_of", "photo", "photo_thumbnail"])
            ReportStatusEvent.objects.create(municipality=municipality, report=report, status=ReportStatus.RECEIVED,
                                             channel=REPORT_CHANNELS[values["channel"]])
    except BaseException:
        # Files are not transactional: take back what this attempt wrote.
        _delete_files(stored_files)
        raise
    return report


def _validated_values(*, category, description, contact, address, channel, external_photo_url) -> dict:
    if category not in ReportCategory.values:
        raise InvalidValue(f"unknown category {category!r}; one of {', '.join(ReportCategory.values)}",
                           field="category")
    if channel not in REPORT_CHANNELS:
        raise InvalidValue(f"unknown channel {channel!r}; one of {', '.join(REPORT_CHANNELS)}", field="channel")
    external_photo_url = _clean_text(external_photo_url, field="media_url")
    if external_photo_url and not re.match(r"https?://\S+$", external_photo_url):
        raise InvalidValue("a photo link must be an http(s) address", field="media_url")
    return {"category": category, "channel": channel, "description": _clean_text(description, field="description"),
            "contact": _clean_text(contact, field="contact"), "address": _clean_text(address, field="address"),
            "external_photo_url": external_photo_url}


def _clean_text(value, *, field: str) -> str:
    """Text without control characters, trimmed, within the column's size.
    Markup is kept as typed: every page and API shows it as text."""
    model_field = "external_photo_url" if field == "media_url" else field
    limit = CitizenReport._meta.get_field(model_field).max_length
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidValue("expected text", field=field)
    text = CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n")).strip()
    if len(text) > limit:
        raise InvalidValue(f"{len(text)} characters is too long; at most {limit} are accepted", field=field)
    return text


def _clean_idempotency_key(key) -> str | None:
    if key in (None, ""):
        return None
    if not isinstance(key, str) or not IDEMPOTENCY_KEY.fullmatch(key):
        raise InvalidValue("an idempotency key is 8 to 64 letters, digits or . _ : -", field="idempotency_key")
    return key


def _given_tree(tree, *, municipality_id: int) -> Tree | None:
    if tree is None:
        return None
    pk = tree.pk if isinstance(tree, Tree) else tree
    found = Tree.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if found is None or found.status == TreeStatus.WITHDRAWN:
        raise InvalidValue(f"there is no tree {tree!r} in the inventory", field="tree")
    if found.municipality_id != municipality_id:
        raise InvalidValue(f"tree {found.pk} is in another municipality than the reported point", field="tree")
    return found


def _degrees_for(metres: float, latitude: float) -> float:
    return metres / (111_320 * max(math.cos(math.radians(latitude)), 0.01))


def _nearest_tree_id(point: Point, *, municipality_id: int) -> int | None:
    metres = float(_setting("REPORT_SNAP_DISTANCE_M", 10))
    with connection.cursor() as cursor:
        cursor.execute(_NEAREST_TREE_SQL, {
            "municipality": municipality_id, "statuses": list(REPORTABLE_TREE_STATUSES), "lon": point.x,
            "lat": point.y, "metres": metres, "degrees": _degrees_for(metres, point.y)})
        row = cursor.fetchone()
    return row[0] if row else None


def _likely_original_id(report: CitizenReport) -> int | None:
    metres = float(_setting("REPORT_DUPLICATE_DISTANCE_M", DEFAULT_DUPLICATE_DISTANCE_M))
    with connection.cursor() as cursor:
        cursor.execute(_LIKELY_ORIGINAL_SQL, {
            "report": report.pk, "municipality": report.municipality_id, "category": report.category,
            "open": list(OPEN_REPORT_STATUSES), "days": int(_setting("REPORT_DUPLICATE_DAYS", DEFAULT_DUPLICATE_DAYS)),
            "tree": report.tree_id, "lon": report.location.x, "lat": report.location.y, "metres": metres,
            "degrees": _degrees_for(metres, report.location.y)})
        row = cursor.fetchone()
    return row[0] if row else None


def _new_tracking_code() -> str:
    return TRACKING_PREFIX + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))


def _violates(error: IntegrityError, column: str) -> bool:
    constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", "") or ""
    return column in constraint


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)
