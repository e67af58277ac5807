"""Zipped Shapefiles, read by GDAL through GeoDjango. The .prj is read as
text and matched against the allow-list; it is not extracted, so GDAL never
parses a coordinate system that came with the file."""
from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext_noop

from imports import crs
from imports.errors import SurveyFileError
from imports.messages import Sentence
from imports.readers.archive import checked_zip, extract_member
from imports.readers.base import SourceRow, SurveySource, unique_headers

_PARTS = (".shp", ".shx", ".dbf", ".cpg")
_PRJ_LIMIT = 64 * 1024


def read_zipped_shapefile(path: Path, *, label: str) -> SurveySource:
    archive = checked_zip(path, label=label)
    folder = Path(tempfile.mkdtemp(prefix="survey-shp-"))
    try:
        with archive:
            shp, prj_text = _extract(archive, folder, label=label)
        source = _read(shp, label=label)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    source.cleanup.append(lambda: shutil.rmtree(folder, ignore_errors=True))
    declared = crs.identify_declared(prj_text)
    source.declared_crs = declared
    source.declared_crs_text = "" if declared else prj_text[:120]
    if not prj_text:
        source.notes.append(Sentence(gettext_noop("the shapefile has no .prj; its coordinates are read as "
                                                  "longitude/latitude unless a coordinate system is given")))
    return source


def _extract(archive: zipfile.ZipFile, folder: Path, *, label: str) -> tuple[Path, str]:
    members = {PurePosixPath(m.filename.replace("\\", "/")): m for m in archive.infolist() if not m.is_dir()}
    shapes = [name for name in members if name.suffix.lower() == ".shp"]
    if not shapes:
        raise SurveyFileError(gettext_noop("%(file)s is a zip without a .shp file; zip the .shp, .shx, .dbf and .prj "
                                           "together"), file=label)
    if len(shapes) > 1:
        raise SurveyFileError(gettext_noop("%(file)s holds %(count)s shapefiles (%(names)s); zip one survey layer at "
                                           "a time"), file=label, count=len(shapes),
                              names=", ".join(s.name for s in shapes))
    stem = shapes[0].with_suffix("")
    siblings = {name.suffix.lower(): member for name, member in members.items() if name.with_suffix("") == stem}
    for needed in (".shx", ".dbf"):
        if needed not in siblings:
            raise SurveyFileError(gettext_noop("%(file)s: %(shapefile)s comes without its %(part)s file; zip all "
                                               "parts"), file=label, shapefile=shapes[0].name, part=needed)
    try:
        for suffix in _PARTS:
            if suffix in siblings:
                extract_member(archive, siblings[suffix], folder / f"layer{suffix}")  # plain names for GDAL
        prj = siblings.get(".prj")
        prj_text = ""
        if prj is not None and prj.file_size <= _PRJ_LIMIT:
            prj_text = archive.read(prj).decode("utf-8", errors="replace")
    except zipfile.BadZipFile as error:
        raise SurveyFileError(gettext_noop("%(file)s is a damaged zip archive (%(error)s)"), file=label,
                              error=error) from None
    if ".cpg" not in siblings:
        # Without a code page GDAL passes the bytes through; say which one they are.
        (folder / "layer.cpg").write_text("UTF-8" if _is_utf8(folder / "layer.dbf") else "1251")
    return folder / "layer.shp", prj_text


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _read(shp: Path, *, label: str) -> SurveySource:
    from django.contrib.gis.gdal import DataSource, GDALException

    try:
        source = DataSource(str(shp), encoding="utf-8")
        layer = source[0]
        fields = list(layer.fields)
        total = len(layer)
    except (GDALException, IndexError, UnicodeDecodeError) as error:
        raise SurveyFileError(gettext_noop("%(file)s: the shapefile cannot be read (%(error)s)"), file=label,
                              error=error) from None
    position = {"index": 0}

    def rows():
        for index, feature in enumerate(layer, start=1):
            position["index"] = index
            values = []
            for name in fields:
                try:
                    values.append(feature.get(name))
                except (UnicodeDecodeError, GDALException):
                    values.append(None)
            point, problem = _point(feature)
            yield SourceRow(index, values, point=point, geometry_problem=problem)

    return SurveySource(file_format="shapefile", headers=unique_headers(fields), rows=rows(), has_geometry=True,
                        notes=[Sentence(gettext_noop("read a shapefile of %(count)s features"), count=total)],
                        progress=lambda: position["index"] / max(total, 1))


def _point(feature) -> tuple[tuple[float, float] | None, str]:
    from django.contrib.gis.gdal import GDALException

    try:
        geometry = feature.geom
    except GDALException:
        return None, ""
    kind = geometry.geom_type.name.upper().replace("25D", "")
    if kind == "MULTIPOINT" and len(geometry) == 1:
        geometry, kind = geometry[0], "POINT"
    if kind != "POINT":
        return None, Sentence(gettext_noop("the feature has a %(kind)s geometry; a tree is a point"),
                              kind=kind.lower())
    return (geometry.x, geometry.y), ""
