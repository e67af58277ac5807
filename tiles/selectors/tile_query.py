"""Running a tile query: PostGIS builds the whole tile, Python passes the
bytes on. `tiles_current_tile` (migration 0002) reads the layer's version
and builds the tile in one round trip; `layer_version` is the cheaper
question for a caller that already holds a tile and only asks whether it is
current."""
from __future__ import annotations

from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class TileQuery:
    sql: str  # a SELECT of one bytea, the MVT tile, with %(name)s parameters
    params: dict


def tile_params(address, **extra) -> dict:
    return {"z": address.z, "x": address.x, "y": address.y, **extra}


def current_tile(layer: str, query: TileQuery) -> tuple[int, bytes]:
    """The layer's current version (0 before its first change) and the tile
    built right after reading it, in one round trip. An empty tile is b""."""
    with connection.cursor() as cursor:
        # The driver quotes the parameters into the statement, which the
        # database function runs after reading the version.
        statement = cursor.mogrify(query.sql, query.params).decode()
        cursor.execute("SELECT version, tile FROM tiles_current_tile(%s, '{}'::bigint[], true, %s)",
                       [layer, statement])
        version, tile = cursor.fetchone()
    return version, bytes(tile)


def layer_version(layer: str) -> int:
    """The current version of a layer's data (0 before its first change)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM tiles_layerversion WHERE layer = %s", [layer])
        row = cursor.fetchone()
    return row[0] if row else 0

