"""Query parameters with a place in them: `bbox` and `near`. Each value is
checked (four or two finite numbers, in range, a box not larger than the
limit) and refused with a message that says what a good value looks like."""
from __future__ import annotations

import math

from django import forms
from django.contrib.gis.geos import Point, Polygon
from django_filters import Filter
from drf_spectacular.utils import extend_schema_field

from trees.api.limits import limit

EARTH_RADIUS_KM = 6371.0088


def _numbers(value: str, count: int, example: str) -> list[float]:
    parts = value.split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) != count or not all(math.isfinite(n) for n in numbers):
        # The value goes in as a parameter: the message is %-formatted later.
        raise forms.ValidationError(f"%(value)r is not {count} comma-separated numbers such as {example}",
                                    params={"value": value[:80]})
    return numbers


def _check_lon_lat(lon: float, lat: float) -> None:
    if not -180 <= lon <= 180:
        raise forms.ValidationError(f"longitude {lon} is outside -180..180")
    if not -90 <= lat <= 90:
        raise forms.ValidationError(f"latitude {lat} is outside -90..90")


def bbox_area_km2(west: float, south: float, east: float, north: float) -> float:
    """Area of a longitude/latitude box on the sphere."""
    return (EARTH_RADIUS_KM ** 2 * math.radians(east - west)
            * abs(math.sin(math.radians(north)) - math.sin(math.radians(south))))


class BBoxField(forms.CharField):
    example = "74.58,42.86,74.62,42.88"

    def clean(self, value) -> Polygon | None:
        value = super().clean(value)
        if not value:
            return None
        west, south, east, north = _numbers(value, 4, f"{self.example} (west,south,east,north)")
        _check_lon_lat(west, south)
        _check_lon_lat(east, north)
        if west >= east or south >= north:
            raise forms.ValidationError("the box must be west,south,east,north with west < east and south < north")
        area, largest = bbox_area_km2(west, south, east, north), limit("API_MAX_BBOX_KM2")
        if area > largest:
            raise forms.ValidationError(f"the box covers {area:,.0f} km², more than the {largest:,.0f} km² allowed; "
                                        "ask for a smaller area or use the vector tiles")
        box = Polygon.from_bbox((west, south, east, north))
        box.srid = 4326
        return box


class PointParamField(forms.CharField):
    def clean(self, value) -> Point | None:
        value = super().clean(value)
        if not value:
            return None
        lon, lat = _numbers(value, 2, "74.6,42.87 (longitude,latitude)")
        _check_lon_lat(lon, lat)
        return Point(lon, lat, srid=4326)


@extend_schema_field({"type": "string", "example": "74.58,42.86,74.62,42.88",
                      "description": "west,south,east,north in degrees of longitude/latitude (WGS 84)"})
class BBoxFilter(Filter):
    """Rows whose geometry meets a west,south,east,north box (WGS 84)."""

    field_class = BBoxField

    def filter(self, queryset, value):
        if value is None:
            return queryset
        return queryset.filter(**{f"{self.field_name}__{self.lookup_expr}": value})


@extend_schema_field({"type": "string", "example": "74.6,42.87",
                      "description": "longitude,latitude in degrees (WGS 84)"})
class PointFilter(Filter):
    field_class = PointParamField
