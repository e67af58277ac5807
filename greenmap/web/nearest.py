"""Which tree a tap on the map meant: the nearest visible tree within a
tolerance that the map computes from its zoom (a fingertip is ~10 px).
Done in PostGIS with the KNN index, so it is instant on a million trees."""
from django.contrib.gis.geos import Point
from django.db import connection

from trees.models import ConditionClass, TreeStatus

MAX_TOLERANCE_M = 200


class BadQuery(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def _numbers(raw: str, field: str) -> list[int]:
    try:
        return [int(v) for v in raw.split(",") if v.strip()]
    except ValueError:
        raise BadQuery(field, f"{field} must be whole numbers separated by commas")


def nearest_tree(query) -> dict | None:
    try:
        point = Point(float(query.get("lon", "")), float(query.get("lat", "")), srid=4326)
        tolerance = float(query.get("tolerance_m", 10))
    except ValueError:
        raise BadQuery("lat", "lat, lon and tolerance_m must be numbers")
    if not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
        raise BadQuery("lat", "lat/lon out of range")
    if not 0 < tolerance <= MAX_TOLERANCE_M:
        raise BadQuery("tolerance_m", f"tolerance_m must be more than 0 and at most {MAX_TOLERANCE_M}")
    species = _numbers(query.get("species", ""), "species")
    conditions = [c for c in query.get("condition", "").split(",") if c]
    unknown = set(conditions) - set(ConditionClass.values) - {"unknown"}
    if unknown:
        raise BadQuery("condition", f"unknown condition {sorted(unknown)[0]!r}")
    sql = [NEAREST_SQL_HEAD]
    params = {"lon": point.x, "lat": point.y, "tolerance": tolerance, "withdrawn": TreeStatus.WITHDRAWN,
              "species": species, "conditions": [c for c in conditions if c != "unknown"]}
    if species:
        sql.append("AND species_id = ANY(%(species)s)")
    if conditions:
        sql.append("AND (current_condition = ANY(%(conditions)s::varchar[])"
                   + (" OR current_condition IS NULL)" if "unknown" in conditions else ")"))
    sql.append("ORDER BY location <-> ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) LIMIT 1")
    with connection.cursor() as cursor:
        cursor.execute(" ".join(sql), params)
        row = cursor.fetchone()
    return {"id": row[0]} if row else None


# Metres on the spheroid for the radius; the KNN operator (GiST) for the order.
NEAREST_SQL_HEAD = """
    SELECT id FROM trees_tree
    WHERE status <> %(withdrawn)s
      AND ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography, %(tolerance)s)
"""
