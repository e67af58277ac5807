"""Which tree a tap on the map meant: the nearest visible tree within a
tolerance that the map computes from its zoom (a fingertip is ~10 px).
Done in PostGIS with the KNN index, so it is instant on a million trees.
The species/condition/status filters are read and applied exactly as the
trees tiles read and apply them, so a tap finds only trees the map draws."""
from django.contrib.gis.geos import Point
from django.db import connection
from django.http import QueryDict

from tiles.errors import MalformedTileRequest
from tiles.filters import tree_filters
from tiles.selectors.tree_cells import tree_filter_sql

MAX_TOLERANCE_M = 200
FILTER_PARAMETERS = ("species", "condition", "status")


class BadQuery(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def _filters(query):
    only_filters = QueryDict(mutable=True)
    for name in FILTER_PARAMETERS:
        if name in query:
            only_filters.setlist(name, query.getlist(name))
    try:
        return tree_filters(only_filters)
    except MalformedTileRequest as error:
        raise BadQuery(error.field, error.message)


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
    filters = _filters(query)
    conditions = " AND coalesce(current_condition, 'unknown') = ANY(%(conditions)s)" if filters.conditions else ""
    # Metres on the spheroid for the radius; the KNN operator (GiST) for the order.
    sql = f"""
        SELECT id FROM trees_tree
        WHERE status <> 'withdrawn'
          AND ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography,
                         %(tolerance)s)
          {tree_filter_sql(filters, species="species_id", status="status")}{conditions}
        ORDER BY location <-> ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) LIMIT 1
    """
    params = {"lon": point.x, "lat": point.y, "tolerance": tolerance, "species": list(filters.species_ids),
              "statuses": list(filters.statuses), "conditions": list(filters.conditions)}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {"id": row[0]} if row else None
