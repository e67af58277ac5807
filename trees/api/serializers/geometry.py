"""GeoJSON geometry fields. Input is parsed in Python, not handed to GDAL:
the type, the shape of the coordinate arrays, that every number is finite
and that longitudes and latitudes are in range are all checked here, so a
bad geometry gets a 400 naming the field and saying what is wrong."""
from __future__ import annotations

import math

from django.contrib.gis.geos import LinearRing, MultiPolygon, Point, Polygon
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# A park outline needs hundreds of vertices, not millions.
MAX_VERTICES = 20_000

POSITION_SCHEMA = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2,
                   "description": "[longitude, latitude] in WGS 84 (RFC 7946)", "example": [74.6, 42.87]}
_RING_SCHEMA = {"type": "array", "items": POSITION_SCHEMA, "minItems": 4}
POINT_SCHEMA = {"type": "object", "required": ["type", "coordinates"],
                "properties": {"type": {"type": "string", "enum": ["Point"]}, "coordinates": POSITION_SCHEMA}}
POLYGON_SCHEMA = {"type": "object", "required": ["type", "coordinates"],
                  "properties": {"type": {"type": "string", "enum": ["Polygon"]},
                                 "coordinates": {"type": "array", "items": _RING_SCHEMA, "minItems": 1}}}
MULTIPOLYGON_SCHEMA = {"type": "object", "required": ["type", "coordinates"],
                       "properties": {"type": {"type": "string", "enum": ["MultiPolygon"]},
                                      "coordinates": {"type": "array", "minItems": 1,
                                                      "items": {"type": "array", "items": _RING_SCHEMA,
                                                                "minItems": 1}}}}


def _number(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise serializers.ValidationError(f"{where}: {value!r} is not a finite number")
    return float(value)


def position(value, where: str = "coordinates") -> tuple[float, float]:
    """[longitude, latitude] (an altitude is accepted and dropped)."""
    if not isinstance(value, list) or len(value) not in (2, 3):
        raise serializers.ValidationError(f"{where} must be [longitude, latitude], got {value!r:.80}")
    lon, lat = (_number(n, where) for n in value[:2])
    if not -180 <= lon <= 180:
        raise serializers.ValidationError(f"{where}: longitude {lon} is outside -180..180")
    if not -90 <= lat <= 90:
        raise serializers.ValidationError(f"{where}: latitude {lat} is outside -90..90")
    return lon, lat


def _geometry_object(data, allowed: tuple[str, ...]) -> tuple[str, object]:
    example = '{"type": "Point", "coordinates": [74.6, 42.87]}'
    if not isinstance(data, dict):
        raise serializers.ValidationError(f"expected a GeoJSON geometry object such as {example}")
    kind = data.get("type")
    if kind not in allowed:
        raise serializers.ValidationError(f"expected a GeoJSON {' or '.join(allowed)}, got type {kind!r:.40}")
    if "coordinates" not in data:
        raise serializers.ValidationError("the geometry has no coordinates")
    return kind, data["coordinates"]


def _ring(value, where: str) -> LinearRing:
    if not isinstance(value, list) or len(value) < 4:
        raise serializers.ValidationError(f"{where} must be a list of at least 4 positions")
    positions = [position(p, f"{where}[{n}]") for n, p in enumerate(value)]
    if positions[0] != positions[-1]:
        raise serializers.ValidationError(f"{where} is not closed: its last position must equal its first")
    return LinearRing(positions)


def _polygon(value, where: str) -> Polygon:
    if not isinstance(value, list) or not value:
        raise serializers.ValidationError(f"{where} must be a list of linear rings")
    return Polygon(*[_ring(ring, f"{where}[{n}]") for n, ring in enumerate(value)], srid=4326)


def _count_positions(value, depth: int = 0) -> int:
    """Positions in a nested coordinate array (a MultiPolygon nests 4 deep)."""
    if depth > 4 or not isinstance(value, list):
        return 0
    if value and not isinstance(value[0], list):
        return 1
    return sum(_count_positions(item, depth + 1) for item in value)


@extend_schema_field(POINT_SCHEMA)
class GeoJSONPointField(serializers.Field):
    """A GeoJSON Point in longitude/latitude (RFC 7946)."""

    def to_internal_value(self, data) -> Point:
        _, coordinates = _geometry_object(data, ("Point",))
        return Point(*position(coordinates), srid=4326)

    def to_representation(self, value: Point) -> dict:
        return {"type": "Point", "coordinates": [value.x, value.y]}


@extend_schema_field({"oneOf": [POLYGON_SCHEMA, MULTIPOLYGON_SCHEMA]})
class GeoJSONAreaField(serializers.Field):
    """A GeoJSON Polygon or MultiPolygon, stored as a MultiPolygon."""

    def to_internal_value(self, data) -> MultiPolygon:
        kind, coordinates = _geometry_object(data, ("Polygon", "MultiPolygon"))
        if _count_positions(coordinates) > MAX_VERTICES:
            raise serializers.ValidationError(f"more than {MAX_VERTICES} positions; simplify the shape")
        if kind == "Polygon":
            return MultiPolygon(_polygon(coordinates, "coordinates"), srid=4326)
        if not isinstance(coordinates, list) or not coordinates:
            raise serializers.ValidationError("coordinates must be a list of polygons")
        return MultiPolygon(*[_polygon(p, f"coordinates[{n}]") for n, p in enumerate(coordinates)], srid=4326)

    def to_representation(self, value) -> dict:
        return {"type": "MultiPolygon", "coordinates": value.coords}
