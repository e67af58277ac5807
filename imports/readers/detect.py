"""Recognising a survey file by its content. The name's extension is only
checked against what the content is, so that a workbook saved as '.csv'
or a PDF renamed '.geojson' gets a clear answer instead of a parse error."""
from __future__ import annotations

import zipfile
from pathlib import Path

from django.utils.translation import gettext_noop

from imports.errors import SurveyFileError
from imports.messages import Sentence
from imports.readers.base import SurveySource
from imports.readers.limits import limit

_KINDS_BY_EXTENSION = {
    ".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".geojson": "geojson", ".json": "geojson",
    ".gpkg": "gpkg", ".zip": "shapefile",
}
# Names of kinds of file, as noun phrases that error sentences name.
_KIND_NAMES = {"csv": Sentence(gettext_noop("CSV text")), "xlsx": Sentence(gettext_noop("an Excel workbook (XLSX)")),
               "geojson": Sentence(gettext_noop("GeoJSON")), "gpkg": Sentence(gettext_noop("a GeoPackage")),
               "shapefile": Sentence(gettext_noop("a zipped Shapefile"))}
_PROGRAM = Sentence(gettext_noop("a program"))
_FOREIGN_SIGNATURES = [
    (b"\xd0\xcf\x11\xe0", Sentence(gettext_noop("an old Excel .xls (or other Office) file; save it as .xlsx or CSV"))),
    (b"%PDF", Sentence(gettext_noop("a PDF document"))),
    (b"\x89PNG", Sentence(gettext_noop("a PNG image"))),
    (b"\xff\xd8\xff", Sentence(gettext_noop("a JPEG image"))),
    (b"GIF8", Sentence(gettext_noop("a GIF image"))),
    (b"\x1f\x8b", Sentence(gettext_noop("a gzip archive; unpack it first"))),
    (b"Rar!", Sentence(gettext_noop("a RAR archive; use zip"))),
    (b"7z\xbc\xaf", Sentence(gettext_noop("a 7-Zip archive; use zip"))),
    (b"MZ", _PROGRAM),
    (b"\x7fELF", _PROGRAM),
]


def open_survey(path, *, name: str | None = None) -> SurveySource:
    """Open a survey file for reading. `name` is what the person called it
    (an upload's original name); errors quote it."""
    path = Path(path)
    label = name or path.name
    if not path.is_file():
        raise SurveyFileError(gettext_noop("%(file)s does not exist or is not a file"), file=label)
    size = path.stat().st_size
    if size == 0:
        raise SurveyFileError(gettext_noop("%(file)s is empty"), file=label)
    if size > limit("IMPORT_MAX_FILE_BYTES"):
        raise SurveyFileError(gettext_noop("%(file)s is %(size)s bytes; at most %(most)s are accepted"), file=label,
                              size=f"{size:,}", most=f"{limit('IMPORT_MAX_FILE_BYTES'):,}")
    kind, encoding = _content_kind(path, label=label)
    expected = _KINDS_BY_EXTENSION.get(Path(label).suffix.lower())
    if expected and expected != kind and not (expected == "geojson" and kind == "csv"):
        raise SurveyFileError(gettext_noop("%(file)s is %(kind)s despite its name; rename it to match or export it "
                                           "again as %(expected)s"), file=label, kind=_KIND_NAMES[kind],
                              expected=_KIND_NAMES[expected])
    if expected == "geojson" and kind == "csv":
        raise SurveyFileError(gettext_noop("%(file)s is not GeoJSON: it does not start with '{'"), file=label)
    return _reader(kind)(path, label=label, encoding=encoding)


def _reader(kind):
    from imports.readers import geojson, geopackage, shapefile, text, xlsx

    return {
        "csv": lambda path, label, encoding: text.read_csv(path, label=label),
        "xlsx": lambda path, label, encoding: xlsx.read_xlsx(path, label=label),
        "geojson": lambda path, label, encoding: geojson.read_geojson(path, label=label, encoding=encoding),
        "gpkg": lambda path, label, encoding: geopackage.read_geopackage(path, label=label),
        "shapefile": lambda path, label, encoding: shapefile.read_zipped_shapefile(path, label=label),
    }[kind]


def _content_kind(path: Path, *, label: str) -> tuple[str, str]:
    with open(path, "rb") as raw:
        head = raw.read(64 * 1024)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path, label=label), ""
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg", ""
    for signature, description in _FOREIGN_SIGNATURES:
        if head.startswith(signature):
            raise SurveyFileError(gettext_noop("%(file)s is %(kind)s, not a survey file (CSV, XLSX, GeoJSON, "
                                               "GeoPackage or zipped Shapefile)"), file=label, kind=description)
    if _looks_binary(head):
        raise SurveyFileError(gettext_noop("%(file)s is not a text file (it holds binary data) and no known survey "
                                           "format; expected CSV, XLSX, GeoJSON, GeoPackage or a zipped Shapefile"),
                              file=label)
    encoding = "utf-8-sig" if _is_utf8_prefix(head) else "cp1251"
    stripped = head.decode(encoding, errors="replace").lstrip()
    if stripped.startswith("{"):
        return "geojson", encoding
    return "csv", encoding


def _zip_kind(path: Path, *, label: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as error:
        raise SurveyFileError(gettext_noop("%(file)s is a damaged zip archive (%(error)s)"), file=label,
                              error=error) from None
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.lower().endswith(".shp") for n in names):
        return "shapefile"
    if "[Content_Types].xml" in names:
        raise SurveyFileError(gettext_noop("%(file)s is an Office document but not an Excel workbook"), file=label)
    raise SurveyFileError(gettext_noop("%(file)s is a zip archive without a shapefile or workbook in it"),
                          file=label)


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return controls > max(len(head) // 100, 2)


def _is_utf8_prefix(head: bytes) -> bool:
    # The buffer may end inside a multi-byte character; drop up to 3 bytes.
    for cut in range(4):
        try:
            head[:len(head) - cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False
