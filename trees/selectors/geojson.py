"""GeoJSON assembled by PostGIS. A queryset (filters, ordering and slice
included) is wrapped in one statement that builds every Feature with
`ST_AsGeoJSON` and `json_build_object` and joins them into one array,
so a page of thousands of trees never becomes thousands of Python objects
(DESIGN.md, Serving: 40 ms in SQL against 2.3 s object by object)."""
from __future__ import annotations

import json
import re
from collections.abc import Mapping

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db import connection
from django.db.models import Expression, F, QuerySet, TextField, Value

# 7 decimals of a degree is about a centimetre: more digits only add bytes.
GEOJSON_DECIMALS = 7
_PROPERTY_NAME = re.compile(r"[a-z][a-z0-9_]*")


def _columns(geometry, properties: Mapping[str, str | Expression]) -> dict:
    if geometry is None:
        shape = Value(None, output_field=TextField())
    else:
        shape = AsGeoJSON(F(geometry) if isinstance(geometry, str) else geometry, precision=GEOJSON_DECIMALS)
    columns = {"feature_id": F("pk"), "feature_geometry": shape}
    for position, source in enumerate(properties.values()):
        columns[f"property_{position}"] = F(source) if isinstance(source, str) else source
    return columns


def _feature_sql(properties: Mapping[str, str | Expression]) -> str:
    """One Feature's JSON text. Concatenating text that is JSON already
    (an id, ST_AsGeoJSON's output, json_build_object's) skips parsing it
    back into json values, the costly part of json_agg(json_build_object())."""
    pairs = []
    for position, name in enumerate(properties):
        # Names become SQL literals: only plain identifiers from our own code.
        if not _PROPERTY_NAME.fullmatch(name):
            raise ValueError(f"property name {name!r} is not a plain identifier")
        pairs.append(f"'{name}', f.property_{position}")
    return ("""'{"type":"Feature","id":' || f.feature_id || ',"geometry":' || coalesce(f.feature_geometry, 'null')"""
            f""" || ',"properties":' || json_build_object({', '.join(pairs)})::text || '}}'""")


def features_json(queryset: QuerySet, *, geometry: str | Expression | None,
                  properties: Mapping[str, str | Expression]) -> tuple[int, str]:
    """The rows of `queryset`, in its order and within its slice, as a JSON
    array of RFC 7946 Features: `id` is the primary key, `geometry` the given
    field or expression (None for rows without a place), `properties` maps
    each name to the value of its ORM path or expression. Returns
    (number of features, JSON text), built in one SQL statement."""
    inner_sql, params = queryset.values(**_columns(geometry, properties)).query.sql_with_params()
    # The sorted subquery feeds the aggregate in its order (PostgreSQL keeps
    # it when nothing above the subquery reorders rows).
    sql = (f"SELECT count(*), '[' || coalesce(string_agg({_feature_sql(properties)}, ','), '') || ']' "
           f"FROM ({inner_sql}) f")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, text = cursor.fetchone()
    return count, text


def feature(queryset: QuerySet, *, geometry: str | Expression | None,
            properties: Mapping[str, str | Expression]) -> dict | None:
    """The first row of `queryset` as one Feature (a dict), or None."""
    count, text = features_json(queryset[:1], geometry=geometry, properties=properties)
    return json.loads(text)[0] if count else None
