"""CSV with a comma, semicolon or tab delimiter, in UTF-8 (with or without
a byte-order mark) or Windows-1251, as Kyrgyz offices' Excel saves it."""
from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from imports.errors import SurveyFileError
from imports.readers.base import SourceRow, SurveySource, unique_headers
from imports.readers.limits import limit

_DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def detect_encoding(path: Path, *, label: str) -> str:
    """'utf-8-sig' when every byte is valid UTF-8, else 'cp1251'."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as raw:
        try:
            while chunk := raw.read(4 * 1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
    decoder = codecs.getincrementaldecoder("cp1251")()
    with open(path, "rb") as raw:
        try:
            while chunk := raw.read(4 * 1024 * 1024):
                decoder.decode(chunk)
        except UnicodeDecodeError:
            raise SurveyFileError(f"{label} is neither UTF-8 nor Windows-1251 text; save it as CSV in UTF-8") from None
    return "cp1251"


def _delimiter(header_line: str) -> str:
    counts = {d: _count_outside_quotes(header_line, d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def read_csv(path: Path, *, label: str) -> SurveySource:
    encoding = detect_encoding(path, label=label)
    size = max(path.stat().st_size, 1)
    raw = open(path, "rb")
    stream = io.TextIOWrapper(raw, encoding=encoding, newline="")
    first_line = stream.readline()
    stream.seek(0)
    delimiter = _delimiter(first_line)
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raw.close()
        raise SurveyFileError(f"{label}: row 1 cannot be read as CSV ({error})") from None
    if not header or not any(cell.strip() for cell in header):
        raw.close()
        raise SurveyFileError(f"{label} has no header row: the first row must name the columns")
    if len(header) > limit("IMPORT_MAX_COLUMNS"):
        raw.close()
        raise SurveyFileError(f"{label} has {len(header)} columns; at most {limit('IMPORT_MAX_COLUMNS')} are accepted")
    headers = unique_headers(header)

    def rows():
        number = 1
        try:
            for number, values in enumerate(reader, start=2):
                if values and any(values):
                    yield SourceRow(number, values)
        except csv.Error as error:
            raise SurveyFileError(f"{label}: row {number + 1} cannot be read as CSV ({error})") from None

    encoding_name = "UTF-8" if encoding == "utf-8-sig" else "Windows-1251"
    return SurveySource(
        file_format="csv", headers=headers, rows=rows(),
        notes=[f"read as CSV, {encoding_name}, {_DELIMITER_NAMES[delimiter]}-separated"],
        progress=lambda: raw.tell() / size, cleanup=[raw.close])
