"""The tiles' tunables, read from `settings.GREENMAP` with sane defaults."""
from django.conf import settings

DEFAULTS = {
    "TILE_CACHE_SECONDS": 60,  # how long browsers and proxies may reuse a tile before revalidating
    "TILE_MAX_ZOOM": 20,  # deepest zoom served; maps overzoom beyond it
    "TILE_MAX_TREES": 10_000,  # a street-zoom tile with more trees than this carries cells instead
    "TILE_CACHE_ENTRIES": 1000,  # tiles kept per process when no "tiles" cache is configured; 0 turns it off
}


def tile_setting(name: str):
    return getattr(settings, "GREENMAP", {}).get(name, DEFAULTS[name])
