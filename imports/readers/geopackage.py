"""GeoPackage point layers, read with sqlite3 rather than GDAL: the file's
spatial reference is identified from its organisation and code (and name)
against the allow-list, its definition text is never parsed."""
from __future__ import annotations

import sqlite3
import struct
from pathlib import Path
from urllib.request import pathname2url

from django.utils.translation import gettext_noop

from imports import crs
from imports.errors import SurveyFileError
from imports.messages import Sentence
from imports.readers.base import SourceRow, SurveySource, unique_headers
from imports.readers.limits import limit

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_POINT_TYPES = {"POINT", "MULTIPOINT"}


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def read_geopackage(path: Path, *, label: str) -> SurveySource:
    try:
        db = sqlite3.connect(f"file:{pathname2url(str(path))}?mode=ro&immutable=1", uri=True)
        layers = db.execute(
            "SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id FROM gpkg_contents c "
            "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features'").fetchall()
    except sqlite3.DatabaseError as error:
        raise SurveyFileError(gettext_noop("%(file)s is not a readable GeoPackage (%(error)s)"), file=label,
                              error=error) from None
    points = [layer for layer in layers if str(layer[2]).upper() in _POINT_TYPES]
    if not points:
        db.close()
        if not layers:
            raise SurveyFileError(gettext_noop("%(file)s has no point layer (layers: none); trees are points"),
                                  file=label)
        raise SurveyFileError(gettext_noop("%(file)s has no point layer (layers: %(layers)s); trees are points"),
                              file=label, layers=", ".join(f"{name} ({kind})" for name, _, kind, _ in layers))
    if len(points) > 1:
        db.close()
        raise SurveyFileError(gettext_noop("%(file)s has several point layers (%(layers)s); keep only the survey's "
                                           "layer in the file"), file=label, layers=", ".join(p[0] for p in points))
    table, geometry_column, _, srs_id = points[0]
    declared, declared_text = _declared_crs(db, srs_id)
    columns = [row[1] for row in db.execute(f"PRAGMA table_info({_quote(table)})")]
    attributes = [c for c in columns if c != geometry_column]
    if len(attributes) > limit("IMPORT_MAX_COLUMNS"):
        db.close()
        raise SurveyFileError(gettext_noop("%(file)s has %(count)s columns; at most %(most)s are accepted"),
                              file=label, count=len(attributes), most=limit("IMPORT_MAX_COLUMNS"))
    total = db.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()[0]
    selected = ", ".join(_quote(c) for c in [geometry_column, *attributes])
    position = {"index": 0}

    def rows():
        cursor = db.execute(f"SELECT {selected} FROM {_quote(table)}")
        for index, (blob, *values) in enumerate(cursor, start=1):
            position["index"] = index
            point, problem = _point(blob)
            yield SourceRow(index, values, point=point, geometry_problem=problem)

    return SurveySource(file_format="gpkg", headers=unique_headers(attributes), rows=rows(), has_geometry=True,
                        declared_crs=declared, declared_crs_text=declared_text,
                        notes=[Sentence(gettext_noop("read GeoPackage layer %(layer)s (%(count)s features)"),
                                        layer=repr(table), count=total)],
                        progress=lambda: position["index"] / max(total, 1), cleanup=[db.close])


def _declared_crs(db, srs_id) -> tuple[int | None, str]:
    row = db.execute("SELECT srs_name, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys "
                     "WHERE srs_id = ?", [srs_id]).fetchone()
    if row is None:
        return None, f"spatial reference {srs_id} (not described in the file)"
    name, organization, code = row
    if str(organization).upper() == "EPSG" and code in crs.allowed_codes():
        return int(code), ""
    by_name = crs.identify_declared(str(name or ""))
    if by_name:
        return by_name, ""
    return None, f"{organization}:{code} ({name})"


def _point(blob) -> tuple[tuple[float, float] | None, str]:
    """(x, y) of a GeoPackage geometry blob: 'GP' header, envelope, then WKB."""
    if blob is None:
        return None, ""
    if not isinstance(blob, bytes) or len(blob) < 8 or blob[:2] != b"GP":
        return None, Sentence(gettext_noop("the feature has a geometry that is not a GeoPackage geometry"))
    flags = blob[3]
    if flags & 0b10000:
        return None, ""  # the empty-geometry flag
    envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
    if envelope is None:
        return None, Sentence(gettext_noop("the feature has a damaged geometry header"))
    return _wkb_point(blob[8 + envelope:])


def _wkb_point(wkb: bytes) -> tuple[tuple[float, float] | None, str]:
    try:
        order = "<" if wkb[0] == 1 else ">"
        kind = struct.unpack(order + "I", wkb[1:5])[0]
        base = (kind & 0xFFFF) % 1000
        offset = 9 if kind & 0x20000000 else 5  # EWKB carries an SRID after the type
        if base == 4:  # a multipoint holding one point
            count = struct.unpack(order + "I", wkb[5:9])[0]
            if count != 1:
                return None, Sentence(gettext_noop("the feature has a multipoint of %(count)s points; a tree is one "
                                                   "point"), count=count)
            return _wkb_point(wkb[9:])
        if base != 1:
            names = {2: "line", 3: "polygon", 5: "multiline", 6: "multipolygon", 7: "geometry collection"}
            return None, Sentence(gettext_noop("the feature has a %(kind)s geometry; a tree is a point"),
                                  kind=names.get(base, "non-point"))
        x, y = struct.unpack(order + "dd", wkb[offset:offset + 16])
    except (IndexError, struct.error):
        return None, Sentence(gettext_noop("the feature has a damaged point geometry"))
    if x != x or y != y:  # NaN marks an empty point
        return None, ""
    return (x, y), ""
