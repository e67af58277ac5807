"""Which municipality, district, council area and green area contain a point.
Spatial derivation lives here so trees, areas, reports and imports agree."""
from django.contrib.gis.geos import GEOSGeometry, Point

from trees.models import AdministrativeArea, AdministrativeLevel, GreenArea, Municipality
from trees.services.errors import InvalidValue, OutsideMunicipality

WGS84 = 4326


def as_wgs84_point(location, *, field: str = "location") -> Point:
    """The point in EPSG:4326, with coordinates checked for range."""
    if not isinstance(location, Point):
        raise InvalidValue("a point is required", field=field)
    if location.srid and location.srid != WGS84:
        location = location.transform(WGS84, clone=True)
    location.srid = WGS84
    lon, lat = location.x, location.y
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidValue(f"coordinates ({lon}, {lat}) are out of range for longitude/latitude", field=field)
    return location


def municipality_containing(geometry: GEOSGeometry, *, field: str = "location") -> Municipality:
    found = Municipality.objects.filter(boundary__intersects=geometry).first()
    if found is None:
        lon, lat = geometry.centroid.x, geometry.centroid.y
        raise OutsideMunicipality(f"({lon:.6f}, {lat:.6f}) is outside every municipality in the inventory",
                                  field=field)
    return found


def area_containing(point: Point, *, municipality: Municipality, level: str) -> AdministrativeArea | None:
    return (AdministrativeArea.objects.filter(municipality=municipality, level=level, boundary__intersects=point)
            .order_by("id").first())


def districts_for(point: Point, *, municipality: Municipality) -> dict:
    """`district` and `council_area` fields for a point."""
    return {
        "district": area_containing(point, municipality=municipality, level=AdministrativeLevel.DISTRICT),
        "council_area": area_containing(point, municipality=municipality, level=AdministrativeLevel.COUNCIL_AREA),
    }


def green_area_containing(point: Point, *, municipality: Municipality) -> GreenArea | None:
    return GreenArea.objects.filter(municipality=municipality, boundary__intersects=point).order_by("area_m2").first()
