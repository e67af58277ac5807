"""GeoJSON FeatureCollections of points. Read with the standard library: a
legacy `crs` member is matched against the allow-list as text, never given
to GDAL."""
from __future__ import annotations

import json
from pathlib import Path

from django.utils.translation import gettext_noop

from imports import crs
from imports.errors import SurveyFileError
from imports.messages import Sentence
from imports.readers.base import SourceRow, SurveySource
from imports.readers.limits import limit


def read_geojson(path: Path, *, label: str, encoding: str) -> SurveySource:
    if path.stat().st_size > limit("IMPORT_GEOJSON_MAX_BYTES"):
        raise SurveyFileError(gettext_noop("%(file)s is larger than %(most)s bytes; split it or export it as CSV"),
                              file=label, most=f"{limit('IMPORT_GEOJSON_MAX_BYTES'):,}")
    try:
        data = json.loads(path.read_bytes().decode(encoding))
    except (ValueError, RecursionError) as error:
        raise SurveyFileError(gettext_noop("%(file)s is not valid JSON (%(error)s)"), file=label,
                              error=str(error)[:200]) from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        raise SurveyFileError(gettext_noop("%(file)s is JSON but not a GeoJSON FeatureCollection"), file=label)
    features = data["features"]
    headers: dict[str, None] = {}
    for feature in features:
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(properties, dict):
            headers.update(dict.fromkeys(map(str, properties)))
            if len(headers) > limit("IMPORT_MAX_COLUMNS"):
                raise SurveyFileError(gettext_noop("%(file)s has more than %(most)s properties"), file=label,
                                      most=limit("IMPORT_MAX_COLUMNS"))
    names = list(headers)
    declared_text = _crs_name(data.get("crs"))
    declared = crs.identify_declared(declared_text) if declared_text else crs.WGS84
    position = {"index": 0}

    def rows():
        for index, feature in enumerate(features, start=1):
            position["index"] = index
            if not isinstance(feature, dict):
                yield SourceRow(index, [None] * len(names),
                                geometry_problem=Sentence(gettext_noop("the feature is not a GeoJSON feature")))
                continue
            properties = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
            point, problem = _point(feature.get("geometry"))
            yield SourceRow(index, [properties.get(name) for name in names], point=point, geometry_problem=problem)

    return SurveySource(file_format="geojson", headers=names, rows=rows(), has_geometry=True,
                        declared_crs=declared, declared_crs_text=declared_text if declared is None else "",
                        notes=[Sentence(gettext_noop("read %(count)s GeoJSON features"), count=len(features))],
                        progress=lambda: position["index"] / max(len(features), 1))


def _crs_name(member) -> str:
    if not member:
        return ""
    if isinstance(member, dict) and isinstance(member.get("properties"), dict):
        return str(member["properties"].get("name") or member["properties"].get("href") or "")[:500]
    return json.dumps(member)[:500]


def _point(geometry) -> tuple[tuple[float, float] | None, Sentence | str]:
    if geometry is None:
        return None, ""
    if not isinstance(geometry, dict):
        return None, Sentence(gettext_noop("the feature has a geometry that is not GeoJSON"))
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "MultiPoint" and isinstance(coordinates, list) and len(coordinates) == 1:
        kind, coordinates = "Point", coordinates[0]
    if kind != "Point":
        return None, Sentence(gettext_noop("the feature has a %(kind)s geometry; a tree is a point"), kind=kind)
    if (not isinstance(coordinates, list) or len(coordinates) < 2
            or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coordinates[:2])):
        return None, Sentence(gettext_noop("the feature has point coordinates that are not two numbers"))
    return (float(coordinates[0]), float(coordinates[1])), ""
