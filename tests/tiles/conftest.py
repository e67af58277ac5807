import pytest

from tiles.caching import tile_cache


@pytest.fixture(autouse=True)
def empty_tile_cache():
    """Each test starts with an empty server-side tile cache."""
    cache = tile_cache()
    if cache is not None:
        cache.clear()
    yield
