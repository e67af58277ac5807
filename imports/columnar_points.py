"""The points of a chunk's rows, for `columnar`: read as RowNormalizer._point
reads them, checked as _plausible_for_crs checks them, and placed in WGS84
as PointFinisher._transform places them, but as whole arrays. A row whose
point would give a message is refused (it goes row by row)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from imports import crs, staging, values
from imports.columnar_fields import FieldReader, clean, refused
from imports.columnar_texts import Pieces
from imports.normalize import RowNormalizer
from imports.readers.base import RowChunk
from imports.rows import StagedRow


@dataclass
class PlacedPoints:
    lon: np.ndarray  # 0 where the row is refused
    lat: np.ndarray
    locations: Pieces  # staging.point_text of each row
    swapped_texts: list[str] | str  # NULL for all rows when the chunk is in WGS84
    swapped_lon: np.ndarray
    swapped_lat: np.ndarray
    swapped_usable: np.ndarray


class PointReader:
    def __init__(self, normalizer: RowNormalizer):
        self.normalizer = normalizer

    def read(self, chunk: RowChunk, cells: dict, refusals: bytearray):
        """x, y as arrays and the coordinate system: one code for the
        chunk, or a list with one per row."""
        epsg, xs, ys = self.normalizer.crs_epsg, None, None
        if chunk.points is not None and chunk.geometry_problems is None and None not in chunk.points and not (
                {"x", "y", "geolocation"} & cells.keys()):  # every point from the geometry, no cell to check
            xs, ys, codes = [point[0] for point in chunk.points], [point[1] for point in chunk.points], epsg
        elif chunk.points is None and chunk.geometry_problems is None and cells.keys() & {"x", "y"} == {"x", "y"} and (
                "geolocation" not in cells):
            xs, ys, codes = FieldReader.numbers(cells["x"]), FieldReader.numbers(cells["y"]), epsg
            if xs is not None and ys is not None:
                factors = self.normalizer._factors
                xs = xs if factors["x"] == 1 else [value * factors["x"] for value in xs]
                ys = ys if factors["y"] == 1 else [value * factors["y"] for value in ys]
        if xs is None or ys is None:
            xs, ys, codes = self._read_row_by_row(chunk, cells, refusals)
        x, y = np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            degrees = (np.abs(x) <= 180) & (np.abs(y) <= 180)
        geographic = self.normalizer._geographic
        wanted = geographic[codes] if type(codes) is int else np.array([geographic[code] for code in codes])
        implausible = ~(np.isfinite(x) & np.isfinite(y)) | (degrees != wanted)
        for position in np.flatnonzero(implausible).tolist():
            refusals[position] = 1
        return x, y, codes

    def _read_row_by_row(self, chunk: RowChunk, cells: dict, refusals: bytearray):
        # RowNormalizer._point's choice of where a row's point comes from.
        size, normalizer = len(chunk), self.normalizer
        empty = [None] * size
        x_cells, y_cells, point_cells = (cells.get(name, empty) for name in ("x", "y", "geolocation"))
        points, problems = chunk.points or empty, chunk.geometry_problems or [""] * size
        xs, ys, codes = [0.0] * size, [0.0] * size, [normalizer.crs_epsg] * size
        for i in range(size):
            x_cell, y_cell, point_cell = clean(x_cells[i]), clean(y_cells[i]), clean(point_cells[i])
            if refused(x_cell) or refused(y_cell) or refused(point_cell) or (points[i] is None and problems[i]):
                refusals[i] = 1
            elif points[i] is not None:
                xs[i], ys[i] = points[i]
            elif x_cell is not None and y_cell is not None:
                row = StagedRow(0)
                x, y = normalizer._number({"x": x_cell}, "x", row), normalizer._number({"y": y_cell}, "y", row)
                if row.messages:
                    refusals[i] = 1
                else:
                    xs[i], ys[i] = x, y
            elif point_cell is not None:
                try:
                    ys[i], xs[i] = values.geopoint(point_cell)  # latitude first
                    codes[i] = crs.WGS84
                except values.BadValue:
                    refusals[i] = 1
            else:
                refusals[i] = 1
        return xs, ys, codes

    def place(self, x: np.ndarray, y: np.ndarray, codes, refusals: bytearray) -> PlacedPoints:
        """WGS84 points of the rows not refused; a row that cannot be placed
        on Earth is refused too."""
        lon, lat = x.copy(), y.copy()
        swapped_texts, swapped_lon, swapped_lat = staging.NULL, np.zeros_like(x), np.zeros_like(x)
        usable = np.zeros(len(x), dtype=bool)
        plain = np.frombuffer(refusals, dtype=np.uint8) == 0
        code_list = None if type(codes) is int else np.array(codes)
        for code in ({codes} if code_list is None else set(codes)) - {crs.WGS84}:
            at = np.flatnonzero(plain if code_list is None else plain & (code_list == code))
            transformer = crs.transformer_to_wgs84(code)
            t_lon, t_lat = transformer.transform(x[at], y[at])
            s_lon, s_lat = transformer.transform(y[at], x[at])
            for position in at[~_on_earth(t_lon, t_lat)].tolist():
                refusals[position] = 1
            lon[at], lat[at] = t_lon, t_lat
            swapped_lon[at], swapped_lat[at], usable[at] = s_lon, s_lat, _on_earth(s_lon, s_lat)
            if swapped_texts is staging.NULL:
                swapped_texts = [staging.NULL] * len(x)
            good = np.flatnonzero(usable).tolist()
            for position, text in zip(good, _point_texts(swapped_lon[good], swapped_lat[good])[1]):
                swapped_texts[position] = staging.EWKB_POINT_4326 + text
        placed = np.frombuffer(refusals, dtype=np.uint8) == 0
        lon[~placed], lat[~placed] = 0.0, 0.0  # keeps point_keys quiet; these rows are staged row by row
        return PlacedPoints(lon, lat, _point_texts(lon, lat), swapped_texts, swapped_lon, swapped_lat, usable)


def _on_earth(lon, lat):
    with np.errstate(invalid="ignore"):
        return np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180) & (np.abs(lat) <= 90)


def _point_texts(lon, lat) -> Pieces:
    """staging.point_text for whole arrays: the same little-endian doubles."""
    pairs = np.empty((len(lon), 2), dtype="<f8")
    pairs[:, 0], pairs[:, 1] = lon, lat
    hexed = pairs.tobytes().hex()
    return Pieces((staging.EWKB_POINT_4326, [hexed[start:start + 32] for start in range(0, len(hexed), 32)]))
