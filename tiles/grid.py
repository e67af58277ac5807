"""The tile grid the tiles app works on: Web Mercator (EPSG:3857) XYZ tiles,
and the grid of cells that aggregated trees tiles are counted in.

A tile at zoom z is cut into 8 x 8 cells, so the cells of zoom z are the
tiles of zoom z + 3. The precomputed tree counts (`tiles_treecell`, see
migration 0001) hold one level per zoom from PYRAMID_MIN_LEVEL to
AGGREGATED_MAX_ZOOM; zooms below PYRAMID_MIN_LEVEL add up that level's
cells. The migration's SQL repeats these numbers (migrations are frozen);
`tests/tiles/test_tree_cells.py` checks that both agree."""
import math

EXTENT = 4096  # MVT coordinate units across a tile
BUFFER = 64  # units drawn beyond the tile edge, so symbols are not cut at tile borders
CELL_BITS = 3  # a tile is 2**3 = 8 cells across
CELLS_ACROSS = 1 << CELL_BITS
AGGREGATED_MAX_ZOOM = 14  # trees tiles at this zoom and below carry cells, above it trees
PYRAMID_MIN_LEVEL = 6
FINE_CELL_ZOOM = AGGREGATED_MAX_ZOOM + CELL_BITS  # cells of the deepest level are tiles of zoom 17
MERCATOR_HALF_WIDTH_M = 20037508.342789244  # EPSG:3857 x (and y) range is ±this


def tile_containing(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """The (x, y) of the zoom-`zoom` tile that contains a point."""
    n = 1 << zoom
    lat = max(-85.0511, min(85.0511, lat))
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return min(n - 1, x), min(n - 1, y)


def tile_bounds(zoom: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a tile in degrees."""
    n = 1 << zoom

    def lat(row):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360.0 - 180.0, lat(y + 1), (x + 1) / n * 360.0 - 180.0, lat(y)


def tile_bounds_m(zoom: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a tile in EPSG:3857 metres, as
    ST_TileEnvelope computes them."""
    size = 2 * MERCATOR_HALF_WIDTH_M / (1 << zoom)
    west, north = -MERCATOR_HALF_WIDTH_M + x * size, MERCATOR_HALF_WIDTH_M - y * size
    return west, north - size, west + size, north
