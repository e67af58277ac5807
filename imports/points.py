"""Finishing rows' points in chunks: transform to WGS84 with pyproj (whole
arrays at a time), prepare the swapped reading for the 'latitude and
longitude swapped' check, and flag points and submissions that occur twice
in the file."""
from __future__ import annotations

import math
from collections import defaultdict

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
        by_crs = defaultdict(list)
        for row in rows:
            if row.x is not None and row.y is not None:
                by_crs[row.point_crs].append(row)
        for code, group in by_crs.items():
            self._transform(code, group)
        for row in rows:
            self._flag_repeats(row)

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
                          f"({row.x:g}, {row.y:g}) cannot be placed on Earth from EPSG:{code}")
                continue
            row.lon, row.lat = float(lon), float(lat)
            if _finite(s_lon, s_lat) and -180 <= s_lon <= 180 and -90 <= s_lat <= 90:
                row.swapped = (float(s_lon), float(s_lat))

    def _flag_repeats(self, row: StagedRow) -> None:
        if row.rejected:
            return
        uuid = row.external_ids.get("submission_uuid")
        if uuid:
            first = self._submissions.setdefault(uuid, row.number)
            if first != row.number:
                row.error(self._header_of("submission_uuid"), uuid, f"the same submission as row {first}; imported once")
                return
        if row.lon is None:
            return
        key = round(row.lon * _GRID) * 4 * _GRID + round(row.lat * _GRID)
        first = self._points.setdefault(key, row.number)
        if first != row.number:
            row.error("coordinates", f"{row.lon:.7f}, {row.lat:.7f}",
                      f"the same point as row {first}: a tree surveyed twice? imported once")


def _finite(*numbers) -> bool:
    return all(isinstance(n, float | int) and math.isfinite(n) for n in numbers)
