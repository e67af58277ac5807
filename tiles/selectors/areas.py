"""The `areas` layer: parks, squares, boulevards and other green areas."""
from tiles.grid import BUFFER, EXTENT, MERCATOR_HALF_WIDTH_M
from tiles.selectors.tile_query import TileQuery, tile_params

# Outlines are simplified to about one screen pixel of a 512-pixel tile:
# finer detail cannot be seen at that zoom and only makes the tile larger.
SCREEN_PIXELS_ACROSS = 512

AREAS_SQL = f"""
SELECT ST_AsMVT(area, 'areas', {EXTENT}, 'geom', 'feature_id') FROM (
    SELECT g.id, g.id AS feature_id, g.name_ru, g.name_ky, g.name_en, g.kind,
           ST_AsMVTGeom(ST_Simplify(ST_Transform(g.boundary, 3857), %(tolerance_m)s, true),
                        ST_TileEnvelope(%(z)s, %(x)s, %(y)s), {EXTENT}, {BUFFER}, true) AS geom
    FROM trees_greenarea g
    WHERE g.boundary && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s), 4326)
) area
WHERE geom IS NOT NULL"""


def areas_tile_query(address, filters) -> TileQuery:
    """The query of an `areas` MVT tile: each green area's outline,
    simplified for the zoom, with `id`, `name_ru`, `name_ky`, `name_en` and
    `kind`."""
    tile_width_m = 2 * MERCATOR_HALF_WIDTH_M / (1 << address.z)
    return TileQuery(AREAS_SQL, tile_params(address, tolerance_m=tile_width_m / SCREEN_PIXELS_ACROSS,
                                             margin=BUFFER / EXTENT))
