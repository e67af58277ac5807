"""The rows of one file, staged in a temporary table (`survey_rows`) by
COPY, so that the checks that need the database and the writes run as a
few set-based statements whatever the file's size. Dropped at the end of
the transaction."""
from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterable, Iterator

from django.db import connection
from psycopg2 import DatabaseError

from imports.rows import StagedRow

TABLE = "survey_rows"
_COLUMNS = """
    row_number integer NOT NULL, rejected boolean NOT NULL, source_ref text NOT NULL,
    location geometry(Point, 4326), swapped geometry(Point, 4326), point_crs integer NOT NULL,
    species_id bigint, status text, planted_year integer, trunk_diameter_cm double precision,
    height_m double precision, crown_diameter_m double precision, address text NOT NULL, external_ids jsonb NOT NULL,
    condition text, defects text[] NOT NULL, observed_at timestamptz, notes text NOT NULL,
    inventory_tree_id bigint, messages jsonb NOT NULL
"""
EWKB_POINT_4326 = "0101000020e6100000"  # the hex of a point's header; 16 bytes of x, y follow
NULL = "\\N"
_SPECIAL = re.compile(r"[\\\t\n\r\x00]")
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": ""})


def create_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"CREATE TEMP TABLE {TABLE} ({_COLUMNS}) ON COMMIT DROP")


def copy_rows(rows: Iterable[StagedRow | str]) -> None:
    """Stream rows into the staging table; Python prepares the next lines
    while the server parses the previous ones. A str is COPY text already
    (the columnar path hands over a whole chunk's lines at once)."""
    stream = LineStream(row if type(row) is str else _line(row) for row in rows)
    with connection.cursor() as cursor:
        copy(cursor, f"COPY {TABLE} FROM STDIN", stream)
        cursor.execute(f"ANALYZE {TABLE}")


def copy(cursor, statement: str, stream: LineStream) -> None:
    """COPY from a stream; an error raised while producing the lines (a bad
    file found mid-way) comes out as itself, not as psycopg2's wrapper."""
    try:
        cursor.cursor.copy_expert(statement, stream, size=256 * 1024)
    except DatabaseError:
        if stream.error is not None:
            raise stream.error from None
        raise


def _line(row: StagedRow) -> str:
    """The row's COPY line; `columnar` builds the same text column by column."""
    location = point_text(row.lon, row.lat) if row.lon is not None else NULL
    # WGS84 rows are flipped in SQL; only other systems need pyproj's answer.
    swapped = point_text(*row.swapped) if row.swapped is not None and row.lon is not None else NULL
    observed_at = row.observed_at
    fields = (
        str(row.number), "t" if row.rejected else "f", copy_text(row.source_ref), location, swapped,
        str(row.point_crs), NULL if row.species_id is None else str(row.species_id), value_text(row.status),
        value_text(row.planted_year), number_text(row.trunk_diameter_cm), number_text(row.height_m),
        number_text(row.crown_diameter_m), copy_text(row.address), copy_text(_json(row.external_ids)),
        value_text(row.condition), defects_text(row.defects),
        NULL if observed_at is None else iso_text(observed_at), copy_text(row.notes),
        value_text(row.inventory_tree_id), copy_text(_json(row.messages)),
    )
    return "\t".join(fields) + "\n"


def number_text(value) -> str:
    return NULL if value is None else repr(float(value))  # numpy floats repr as np.float64(...)


def defects_text(defects: list) -> str:
    return "{" + ",".join(defects) + "}"


_iso_cache: dict = {}


def iso_text(moment) -> str:
    # Keyed with the zone too: the same instant written with another offset
    # is equal as a datetime, but its text differs.
    key = (moment, moment.tzinfo)
    found = _iso_cache.get(key)
    if found is None:
        found = moment.isoformat()
        if len(_iso_cache) < 10_000:
            _iso_cache[key] = found
    return found


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False) if value else ("{}" if isinstance(value, dict) else "[]")


def point_text(lon: float, lat: float) -> str:
    return EWKB_POINT_4326 + struct.pack("<dd", lon, lat).hex()


def value_text(value) -> str:
    return NULL if value is None else copy_text(str(value))


def copy_text(value: str) -> str:
    return value.translate(_ESCAPES) if _SPECIAL.search(value) else value


def needs_escape(value: str) -> bool:
    return _SPECIAL.search(value) is not None


class LineStream:
    """A read()-able file over an iterator of text lines, for COPY."""

    def __init__(self, lines: Iterator[str]):
        self._lines = lines
        self._buffer = b""
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        try:
            return self._read(size)
        except BaseException as error:
            self.error = error
            raise

    def _read(self, size: int) -> bytes:
        parts, length = [self._buffer], len(self._buffer)
        while size < 0 or length < size:
            line = next(self._lines, None)
            if line is None:
                break
            encoded = line.encode("utf-8")
            parts.append(encoded)
            length += len(encoded)
        data = b"".join(parts)
        if size < 0:
            self._buffer = b""
            return data
        self._buffer = data[size:]
        return data[:size]

    readline = read
