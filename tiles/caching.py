"""Tile caching. Every tile carries its layer's data version: the version
changes when a transaction that changed what the layer shows commits, and
with it every ETag of that layer, so nothing is ever invalidated by hand.

* HTTP: `ETag` plus `Cache-Control: public, max-age=TILE_CACHE_SECONDS`, so
  proxies and CDNs may keep tiles and browsers revalidate with
  `If-None-Match`, answered 304 when the version is still current.
* Server side: the "tiles" cache of settings.CACHES when there is one, else
  a per-process memory cache of TILE_CACHE_ENTRIES tiles; an entry holds a
  tile and its version, and is used only while that version is current.

Each request costs one database statement: when the client or the server
cache holds the tile, a look at the layer's version (0.14 ms); otherwise
`current_tile`, which reads the version and builds the tile together."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from tiles.conf import tile_setting
from tiles.layers import TILE_FORMAT
from tiles.selectors import current_tile, layer_version

SERVER_CACHE_SECONDS = 24 * 3600  # only bounds memory: stale entries are never served
_process_cache = None


@dataclass(frozen=True)
class ServedTile:
    etag: str
    content: bytes | None  # None: the client's copy is current (304)


def _format_token() -> str:
    # The tree limit decides whether a dense tile holds trees or cells.
    return f"f{TILE_FORMAT}m{tile_setting('TILE_MAX_TREES')}"


def tile_etag(layer: str, version: int) -> str:
    """The strong ETag of every tile of `layer` at `version`."""
    return f'"{layer}-{version}-{_format_token()}"'


def cache_control() -> str:
    return f"public, max-age={tile_setting('TILE_CACHE_SECONDS')}"


def _held_versions(if_none_match: str | None, layer: str) -> tuple[set[int], bool]:
    """Versions of `layer` the client's If-None-Match names (this tile
    format only), and whether it is `*` (any current tile)."""
    if not if_none_match:
        return set(), False
    if if_none_match.strip() == "*":
        return set(), True
    ours = re.compile(rf'^(?:W/)?"{re.escape(layer)}-(\d{{1,19}})-{re.escape(_format_token())}"$')
    found = (ours.match(tag.strip()) for tag in if_none_match.split(","))
    return {int(match.group(1)) for match in found if match}, False


def tile_cache():
    """The server-side tile cache, or None when it is turned off."""
    global _process_cache
    if "tiles" in settings.CACHES:
        return caches["tiles"]
    entries = tile_setting("TILE_CACHE_ENTRIES")
    if entries <= 0:
        return None
    if _process_cache is None:
        _process_cache = LocMemCache("greenmap-tiles", {"TIMEOUT": SERVER_CACHE_SECONDS,
                                                        "OPTIONS": {"MAX_ENTRIES": entries}})
    return _process_cache


def cache_key(layer: str, address, filters) -> str:
    """The server cache key of a tile (any version)."""
    name = f"{layer}|{_format_token()}|{address}|{filters.query_string()}"
    return "tile:" + hashlib.blake2b(name.encode(), digest_size=16).hexdigest()


def cached_tile(layer_name: str, address, filters) -> tuple[int, bytes] | None:
    """(version, bytes) the server cache holds for a tile, current or not."""
    cache = tile_cache()
    return cache.get(cache_key(layer_name, address, filters)) if cache is not None else None


def serve_tile(layer, address, filters, *, if_none_match: str | None = None) -> ServedTile:
    """The tile to answer with: None as content when the client's
    If-None-Match names the current version, else the bytes, from the
    server cache when it holds the current version, else built by PostGIS."""
    client_versions, client_has_any = _held_versions(if_none_match, layer.name)
    cached = cached_tile(layer.name, address, filters)
    if client_versions or client_has_any or cached:
        version = layer_version(layer.name)
        if client_has_any or version in client_versions:
            return ServedTile(tile_etag(layer.name, version), None)
        if cached and cached[0] == version:
            return ServedTile(tile_etag(layer.name, version), cached[1])
    version, built = current_tile(layer.name, layer.tile_query(address, filters))
    cache = tile_cache()
    if cache is not None:
        cache.set(cache_key(layer.name, address, filters), (version, built), SERVER_CACHE_SECONDS)
    return ServedTile(tile_etag(layer.name, version), built)
