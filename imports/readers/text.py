"""CSV with a comma, semicolon or tab delimiter, in UTF-8 (with or without
a byte-order mark) or Windows-1251, as Kyrgyz offices' Excel saves it."""
from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from itertools import chain, islice
from operator import methodcaller
from pathlib import Path

from django.utils.translation import gettext_noop

from imports.errors import SurveyFileError
from imports.messages import Sentence
from imports.readers.base import RowChunk, SourceRow, SurveySource, unique_headers
from imports.readers.limits import limit

_DELIMITERS = (",", ";", "\t")
# One whole sentence per delimiter: "comma-separated" is one word in Russian.
_READ_AS = {",": gettext_noop("read as CSV, %(encoding)s, comma-separated"),
            ";": gettext_noop("read as CSV, %(encoding)s, semicolon-separated"),
            "\t": gettext_noop("read as CSV, %(encoding)s, tab-separated")}
_BLOCK_CHARS = 1024 * 1024  # read at a time by _Chunks


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
            raise SurveyFileError(gettext_noop("%(file)s is neither UTF-8 nor Windows-1251 text; save it as CSV in "
                                               "UTF-8"), file=label) from None
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
        raise SurveyFileError(gettext_noop("%(file)s: row %(row)s cannot be read as CSV (%(error)s)"), file=label,
                              row=1, error=error) from None
    if not header or not any(cell.strip() for cell in header):
        raw.close()
        raise SurveyFileError(gettext_noop("%(file)s has no header row: the first row must name the columns"),
                              file=label)
    if len(header) > limit("IMPORT_MAX_COLUMNS"):
        raw.close()
        raise SurveyFileError(gettext_noop("%(file)s has %(count)s columns; at most %(most)s are accepted"),
                              file=label, count=len(header), most=limit("IMPORT_MAX_COLUMNS"))
    headers = unique_headers(header)

    def rows():
        number = 1
        try:
            for number, values in enumerate(reader, start=2):
                if values and any(values):
                    yield SourceRow(number, values)
        except csv.Error as error:
            raise SurveyFileError(gettext_noop("%(file)s: row %(row)s cannot be read as CSV (%(error)s)"),
                                  file=label, row=number + 1, error=error) from None

    encoding_name = "UTF-8" if encoding == "utf-8-sig" else "Windows-1251"
    return SurveySource(
        file_format="csv", headers=headers, rows=rows(),
        chunk_reader=_Chunks(stream, delimiter=delimiter, label=label),
        notes=[Sentence(_READ_AS[delimiter], encoding=encoding_name)],
        progress=lambda: raw.tell() / size, cleanup=[raw.close])


class _Chunks:
    """The rows after the header in chunks, for the columnar staging: the
    same rows as read_csv's rows(), without a SourceRow for each. Text
    without quotes, NULs or lone carriage returns is cut at line breaks and
    delimiters, which is all csv.reader would do with it, straight into
    columns; from the first block with any of them, csv.reader reads."""

    def __init__(self, stream: io.TextIOWrapper, *, delimiter: str, label: str):
        self.stream, self.delimiter, self.label = stream, delimiter, label
        self.number = 1  # the last row read; the header is row 1

    def __call__(self, size: int) -> Iterator[RowChunk]:
        tail = ""
        while True:
            text = self.stream.read(_BLOCK_CHARS)
            if text:
                text = tail + text
                cut = text.rfind("\n") + 1
                block, tail = text[:cut], text[cut:]
                if not block:
                    continue  # a line longer than a block: read on
            else:
                block, tail = tail, ""
                if not block:
                    return
            line_end = "\n"
            if "\r" in block:  # Windows line ends are fine; a carriage return alone is left to csv.reader
                line_end = "\r\n" if block.count("\r\n") == block.count("\r") == block.count("\n") else ""
            lines = block.split(line_end) if line_end else []
            if lines and block.endswith("\n"):
                lines.pop()
            if (not line_end or '"' in block or "\x00" in block
                    or max(map(len, lines), default=0) > csv.field_size_limit()):
                yield from self._by_csv(size, block + tail)
                return
            for start in range(0, len(lines), size):
                chunk = self._cut(lines[start:start + size])
                if chunk is not None:
                    yield chunk

    def _cut(self, lines: list[str]) -> RowChunk | None:
        first, delimiter = self.number + 1, self.delimiter
        self.number += len(lines)
        widths = set(map(methodcaller("count", delimiter), lines))
        if len(widths) > 1:
            return _kept(range(first, self.number + 1), [tuple(line.split(delimiter)) for line in lines])
        width = widths.pop() + 1
        cells = delimiter.join(lines).split(delimiter)
        columns = [cells[index::width] for index in range(width)]
        blank = delimiter * (width - 1)  # a row of empty cells, skipped as rows() skips it
        if blank not in lines:
            return RowChunk(numbers=range(first, self.number + 1), columns=columns, text_only=True)
        kept = [i for i, line in enumerate(lines) if line != blank]
        if not kept:
            return None
        return RowChunk(numbers=[first + i for i in kept], columns=[[column[i] for i in kept] for column in columns],
                        text_only=True)

    def _by_csv(self, size: int, pending: str) -> Iterator[RowChunk]:
        # Tuples, as the garbage collector stops tracking a tuple of strings:
        # a chunk of lists kept alive would be scanned again and again.
        reader = csv.reader(_lines(pending, self.stream), delimiter=self.delimiter)
        batch: list = []
        try:
            while True:
                batch = []
                batch.extend(map(tuple, islice(reader, size)))
                if not batch:
                    return
                first = self.number + 1
                self.number += len(batch)
                chunk = _kept(range(first, self.number + 1), batch)
                if chunk is not None:
                    yield chunk
        except csv.Error as error:
            raise SurveyFileError(gettext_noop("%(file)s: row %(row)s cannot be read as CSV (%(error)s)"),
                                  file=self.label, row=self.number + len(batch) + 1, error=error) from None


def _kept(numbers: range, rows: list) -> RowChunk | None:
    """The rows that have a cell with something in it."""
    if all(map(any, rows)):
        return RowChunk(numbers=numbers, values=rows, text_only=True)
    kept = [(number, values) for number, values in zip(numbers, rows) if values and any(values)]
    if not kept:
        return None
    return RowChunk(numbers=[number for number, _ in kept], values=[values for _, values in kept], text_only=True)


def _lines(pending: str, stream: io.TextIOWrapper) -> Iterator[str]:
    """The lines of text already read, then the stream's; a line cut at the
    end of `pending` is completed from the stream."""
    lines = io.StringIO(pending, newline="").readlines()
    if lines and not lines[-1].endswith("\n"):
        rest = stream.readline()
        if lines[-1].endswith("\r") and rest != "\n":
            lines += [rest] if rest else []  # the carriage return alone ended the line
        else:
            lines[-1] += rest
    return chain(lines, stream)
