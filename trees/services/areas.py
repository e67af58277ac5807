"""Creating and reshaping green areas; their area is measured on the
spheroid (geography), never in degrees."""
from __future__ import annotations

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection, transaction

from trees.models import AdministrativeLevel, GreenArea, GreenAreaKind
from trees.services.actor import Actor
from trees.services.errors import InvalidValue, StaleVersion
from trees.services.places import area_containing, municipality_containing


def _as_multipolygon(boundary) -> MultiPolygon:
    if isinstance(boundary, Polygon):
        boundary = MultiPolygon(boundary, srid=boundary.srid)
    if not isinstance(boundary, MultiPolygon):
        raise InvalidValue("a polygon or multipolygon is required", field="boundary")
    if boundary.srid and boundary.srid != 4326:
        boundary = boundary.transform(4326, clone=True)
    boundary.srid = 4326
    if not boundary.valid:
        raise InvalidValue(f"the shape is not valid: {boundary.valid_reason}", field="boundary")
    return boundary


def _area_m2(boundary: MultiPolygon) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Area(ST_GeomFromEWKB(%s)::geography)", [bytes(boundary.ewkb)])
        return cursor.fetchone()[0]


def _place(area: GreenArea) -> None:
    area.municipality = municipality_containing(area.boundary, field="boundary")
    area.district = area_containing(area.boundary.point_on_surface, municipality=area.municipality,
                                    level=AdministrativeLevel.DISTRICT)
    area.area_m2 = _area_m2(area.boundary)


@transaction.atomic
def create_green_area(*, boundary, kind: str, name_ru: str, by: Actor, name_ky: str = "",
                      name_en: str = "") -> GreenArea:
    """Add a park, square, boulevard... Its municipality and district come
    from the shape, its area in m² from the spheroid."""
    if kind not in GreenAreaKind.values:
        raise InvalidValue(f"unknown kind {kind!r}; one of {', '.join(GreenAreaKind.values)}", field="kind")
    if not name_ru.strip():
        raise InvalidValue("a name is required", field="name_ru")
    area = GreenArea(boundary=_as_multipolygon(boundary), kind=kind, name_ru=name_ru, name_ky=name_ky,
                     name_en=name_en, created_by=by.user, created_via=by.channel, updated_by=by.user,
                     updated_via=by.channel)
    _place(area)
    area.save()
    return area


@transaction.atomic
def update_green_area(*, area: GreenArea, by: Actor, expected_version: int | None = None, **changes) -> GreenArea:
    """Rename, re-classify or reshape a green area (optimistically locked)."""
    allowed = {"boundary", "kind", "name_ru", "name_ky", "name_en"}
    if set(changes) - allowed:
        field = sorted(set(changes) - allowed)[0]
        raise InvalidValue(f"cannot set {field}", field=field)
    current = GreenArea.objects.select_for_update().get(pk=area.pk)
    if expected_version is not None and current.version != int(expected_version):
        raise StaleVersion(f"green area {area.pk} is at version {current.version}, not {expected_version}")
    if "kind" in changes and changes["kind"] not in GreenAreaKind.values:
        raise InvalidValue(f"unknown kind {changes['kind']!r}", field="kind")
    for field, value in changes.items():
        setattr(current, field, _as_multipolygon(value) if field == "boundary" else value)
    if "boundary" in changes:
        _place(current)
    current.version += 1
    current.updated_by, current.updated_via = by.user, by.channel
    current.save()
    return current
