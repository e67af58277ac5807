"""Finishing rows' points in chunks: transform to WGS84 with pyproj (whole
arrays at a time), prepare the swapped reading for the 'latitude and
longitude swapped' check, and flag points and submissions that occur twice
in the file."""
from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from django.utils.translation import gettext_noop

from imports import crs
from imports.rows import StagedRow

# Two rows whose points agree to 1e-7 degrees (about a centimetre) are the
# same point: GPS noise alone never repeats a fix that exactly.
_GRID = 10_000_000


class PointFinisher:
    def __init__(self, *, header_of=lambda name: name):
        self._header_of = header_of
        self._points: dict[int, int] = {}
        self._submissions: dict[str, int] = {}

    def finish(self, rows: list[StagedRow]) -> None:
        self.transform(rows)
        for row in rows:
            self.flag_repeats(row)

    def transform(self, rows: list[StagedRow]) -> None:
        by_crs = defaultdict(list)
        for row in rows:
            if row.x is not None and row.y is not None:
                by_crs[row.point_crs].append(row)
        for code, group in by_crs.items():
            self._transform(code, group)

    def _transform(self, code: int, rows: list[StagedRow]) -> None:
        if code == crs.WGS84:  # nothing to transform; the swapped reading is flipped in SQL
            for row in rows:
                row.lon, row.lat = row.x, row.y
            return
        xs, ys = [r.x for r in rows], [r.y for r in rows]
        lons, lats = crs.to_wgs84(code, xs, ys)
        swapped_lons, swapped_lats = crs.to_wgs84(code, ys, xs)
        for row, lon, lat, s_lon, s_lat in zip(rows, lons, lats, swapped_lons, swapped_lats):
            if not (_finite(lon, lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
                row.error("coordinates", f"{row.x}, {row.y}",
                          gettext_noop("(%(x)s, %(y)s) cannot be placed on Earth from EPSG:%(code)s"),
                          x=f"{row.x:g}", y=f"{row.y:g}", code=code)
                continue
            row.lon, row.lat = float(lon), float(lat)
            if _finite(s_lon, s_lat) and -180 <= s_lon <= 180 and -90 <= s_lat <= 90:
                row.swapped = (float(s_lon), float(s_lat))

    def flag_repeats(self, row: StagedRow) -> None:
        if row.rejected:
            return
        uuid = row.external_ids.get("submission_uuid")
        if uuid:
            first = self._submissions.setdefault(uuid, row.number)
            if first != row.number:
                row.error(self._header_of("submission_uuid"), uuid,
                          gettext_noop("the same submission as row %(first)s; imported once"), first=first)
                return
        if row.lon is None:
            return
        first = self._points.setdefault(point_key(row.lon, row.lat), row.number)
        if first != row.number:
            row.error("coordinates", f"{row.lon:.7f}, {row.lat:.7f}",
                      gettext_noop("the same point as row %(first)s: a tree surveyed twice? imported once"),
                      first=first)

    def claim_in_order(self, numbers, staged: list, uuids: list | None, keys: list) -> list[int]:
        """The repeat check over a chunk in file order. `staged[i]` is a
        StagedRow (checked by `flag_repeats`), or None for a row staged
        column by column that is known not to be rejected: its submission
        is `uuids[i]` ('' for none) and its point key `keys[i]`. Returns
        the positions of such rows that repeat an earlier row; the caller
        stages them as StagedRows and passes them to `flag_repeats`, which
        then gives each its message (the first row seen stays the same)."""
        points, submissions, repeated = self._points, self._submissions, []
        if uuids is None and not any(staged):
            fresh = dict(zip(keys, numbers))
            if len(fresh) == len(keys) and points.keys().isdisjoint(fresh):  # the usual case, at C speed
                points.update(fresh)
                return repeated
            for position, (number, key) in enumerate(zip(numbers, keys)):
                if points.setdefault(key, number) != number:
                    repeated.append(position)
            return repeated
        for position, number in enumerate(numbers):
            row = staged[position]
            if row is not None:
                self.flag_repeats(row)
                continue
            uuid = uuids[position] if uuids is not None else ""
            if uuid and submissions.setdefault(uuid, number) != number:
                repeated.append(position)
            elif points.setdefault(keys[position], number) != number:
                repeated.append(position)
        return repeated


def point_key(lon: float, lat: float) -> int:
    return round(lon * _GRID) * 4 * _GRID + round(lat * _GRID)


def point_keys(lons: np.ndarray, lats: np.ndarray) -> list[int]:
    """`point_key` for whole arrays: numpy's rint rounds half to even, as
    Python's round does, and |lon| <= 180 keeps the key within int64."""
    return (np.rint(lons * _GRID).astype(np.int64) * (4 * _GRID) + np.rint(lats * _GRID).astype(np.int64)).tolist()


def _finite(*numbers) -> bool:
    return all(isinstance(n, float | int) and math.isfinite(n) for n in numbers)
