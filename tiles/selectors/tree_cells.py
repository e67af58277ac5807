"""Trees tiles of the aggregated zooms, added up from the precomputed cell
counts (`tiles_treecell`) instead of the trees themselves: a city-wide z10
tile sums a few thousand rows rather than half a million trees (direct
aggregation took 4 s at z10 and z11, 1.1 s at z12 on the benchmark city)."""
from tiles.grid import EXTENT, PYRAMID_MIN_LEVEL
from tiles.selectors.tile_query import TileQuery, tile_params

CONDITION_COUNTS = ("good", "fair", "poor", "critical", "dead", "unknown")


def tree_filter_sql(filters, *, species: str, status: str) -> str:
    """SQL conditions for the species and status filters (parameters
    %(species)s and %(statuses)s)."""
    sql = ""
    if filters.species_ids:
        sql += f" AND {species} = ANY(%(species)s)"
    if filters.statuses:
        sql += f" AND {status} = ANY(%(statuses)s)"
    return sql


def _cells_sql(filters) -> str:
    picked = filters.conditions or CONDITION_COUNTS
    counts = ", ".join(f"sum({name}) AS {name}" if name in picked else f"0 AS {name}" for name in CONDITION_COUNTS)
    filtered = tree_filter_sql(filters, species="species_id", status="status")
    # A cell sits at the centroid of its trees (of the groups that match).
    return f"""
    SELECT ST_AsMVT(cell, 'trees', {EXTENT}, 'geom') FROM (
        SELECT sum(picked) AS count, {counts},
               ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(sum(sum_x) / sum(total), sum(sum_y) / sum(total)), 3857),
                            ST_TileEnvelope(%(z)s, %(x)s, %(y)s), {EXTENT}, 0, false) AS geom
        FROM (
            SELECT cell_x >> %(shift)s AS cell_x, cell_y >> %(shift)s AS cell_y, sum_x, sum_y,
                   {", ".join(CONDITION_COUNTS)}, {" + ".join(picked)} AS picked,
                   {" + ".join(CONDITION_COUNTS)} AS total
            FROM tiles_treecell
            WHERE zoom = %(level)s AND tile_x BETWEEN %(x_first)s AND %(x_last)s
              AND tile_y BETWEEN %(y_first)s AND %(y_last)s {filtered}
        ) tree_group
        WHERE picked > 0
        GROUP BY cell_x, cell_y
    ) cell"""


def tree_cells_tile_query(address, filters) -> TileQuery:
    """The query of a `trees` tile of an aggregated zoom: one point per cell
    (8 x 8 a tile) that holds matching trees, with `count` and a count per
    condition (`good` ... `dead`, `unknown`). Zooms below the lowest
    precomputed level add up that level's cells."""
    level = max(address.z, PYRAMID_MIN_LEVEL)
    shift = level - address.z  # how many levels of cells merge into one
    params = tile_params(
        address, level=level, shift=shift,
        x_first=address.x << shift, x_last=((address.x + 1) << shift) - 1,
        y_first=address.y << shift, y_last=((address.y + 1) << shift) - 1,
        species=list(filters.species_ids), statuses=list(filters.statuses))
    return TileQuery(_cells_sql(filters), params)
