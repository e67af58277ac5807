"""Fetching tiles through the app and reading them back with independent
decoders: the `mapbox-vector-tile` package and GDAL's MVT driver
(`ogrinfo`, from Debian's gdal-bin)."""
from __future__ import annotations

import math
import re
import subprocess
from pathlib import Path

import mapbox_vector_tile

from tiles.grid import EXTENT, tile_containing


def tile_of(point, zoom: int) -> tuple[int, int, int]:
    """(z, x, y) of the tile holding a GEOS point in EPSG:4326."""
    return (zoom, *tile_containing(point.x, point.y, zoom))


def fetch(client, layer: str, tile: tuple[int, int, int], query: str = "", **headers):
    z, x, y = tile
    return client.get(f"/tiles/{layer}/{z}/{x}/{y}.pbf" + (f"?{query}" if query else ""), headers=headers)


def decoded(response) -> dict:
    """{layer name: [GeoJSON-like features in tile coordinates, y down]}."""
    assert response.status_code == 200, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    layers = mapbox_vector_tile.decode(response.content, default_options={"y_coord_down": True})
    return {name: layer["features"] for name, layer in layers.items()}


def features(client, layer: str, tile, query: str = "") -> list[dict]:
    layers = decoded(fetch(client, layer, tile, query))
    assert set(layers) <= {layer}, f"tile holds layers {sorted(layers)}, expected only {layer!r}"
    return layers.get(layer, [])


def by_id(found: list[dict]) -> dict[int, dict]:
    return {feature["properties"]["id"]: feature for feature in found}


def lon_lat(feature: dict, tile) -> tuple[float, float]:
    """Where a point feature lies, back in degrees."""
    z, x, y = tile
    column, row = feature["geometry"]["coordinates"]
    n = 1 << z
    lon = (x + column / EXTENT) / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (y + row / EXTENT) / n))))
    return lon, lat


def ogrinfo_features(content: bytes, tile, directory: Path) -> list[dict]:
    """Features as GDAL's MVT driver reads them: attributes and the point in
    EPSG:3857 metres. GDAL learns z/x/y from the {z}/{x}/{y}.pbf path."""
    z, x, y = tile
    path = directory / str(z) / str(x) / f"{y}.pbf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    output = subprocess.run(["ogrinfo", "-ro", "-al", "-q", str(path)], capture_output=True, text=True, check=True,
                            timeout=60).stdout
    found = []
    for block in output.split("OGRFeature(")[1:]:
        attributes = dict(re.findall(r"^\s+(\w+) \([^)]*\) = (.*)$", block, flags=re.MULTILINE))
        point = re.search(r"POINT \(([-\d.e]+) ([-\d.e]+)\)", block)
        found.append({"attributes": attributes, "point": (float(point.group(1)), float(point.group(2)))})
    return found
