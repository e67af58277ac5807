"""The `trees` layer: every tree at street zooms, cells farther out."""
from tiles.conf import tile_setting
from tiles.grid import AGGREGATED_MAX_ZOOM, BUFFER, CELLS_ACROSS, EXTENT, tile_bounds_m
from tiles.selectors.tile_query import TileQuery, tile_params
from tiles.selectors.tree_cells import CONDITION_COUNTS, tree_cells_tile_query, tree_filter_sql

KNOWN_CONDITIONS = ", ".join(f"'{name}'" for name in CONDITION_COUNTS if name != "unknown")


def _street_sql(filters) -> str:
    conditions = ""
    if filters.conditions:
        conditions = " AND coalesce(t.current_condition, 'unknown') = ANY(%(conditions)s)"
    counts = ", ".join(f"count(*) FILTER (WHERE condition = '{name}') AS {name}"
                       for name in CONDITION_COUNTS if name != "unknown")
    # The GiST index finds the trees (location && envelope). The CASE turns
    # the densest tiles into cells, counted from the trees found inside the
    # tile: the benchmark city's densest z15 tile, a forest park, holds
    # 31,000 trees, which as points took 1.08 MB and 270 ms.
    return f"""
    WITH found AS MATERIALIZED (
        SELECT t.id, t.species_id, t.status, coalesce(t.current_condition, 'unknown') AS condition,
               ST_Transform(t.location, 3857) AS point
        FROM trees_tree t
        WHERE t.location && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s), 4326)
          AND t.status <> 'withdrawn'
          {tree_filter_sql(filters, species="t.species_id", status="t.status")}{conditions}
    )
    SELECT CASE WHEN (SELECT count(*) FROM found) <= %(max_trees)s THEN (
        SELECT ST_AsMVT(tree, 'trees', {EXTENT}, 'geom', 'feature_id') FROM (
            SELECT found.id, found.id AS feature_id, found.species_id, s.scientific_name AS species, found.status,
                   found.condition, ST_AsMVTGeom(point, ST_TileEnvelope(%(z)s, %(x)s, %(y)s), {EXTENT}, {BUFFER}, true)
                   AS geom
            FROM found LEFT JOIN trees_species s ON s.id = found.species_id
        ) tree WHERE geom IS NOT NULL)
    ELSE (
        SELECT ST_AsMVT(cell, 'trees', {EXTENT}, 'geom') FROM (
            SELECT count(*) AS count, {counts},
                   count(*) FILTER (WHERE condition NOT IN ({KNOWN_CONDITIONS})) AS unknown,
                   ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(avg(ST_X(point)), avg(ST_Y(point))), 3857),
                                ST_TileEnvelope(%(z)s, %(x)s, %(y)s), {EXTENT}, 0, false) AS geom
            FROM found
            WHERE ST_X(point) >= %(west)s AND ST_X(point) < %(east)s
              AND ST_Y(point) > %(south)s AND ST_Y(point) <= %(north)s
            GROUP BY floor((ST_X(point) - %(west)s) / %(cell_m)s), floor((%(north)s - ST_Y(point)) / %(cell_m)s)
        ) cell)
    END"""


def street_trees_tile_query(address, filters) -> TileQuery:
    """The query of a `trees` tile of a street zoom: one point per matching tree with
    `id`, `species_id`, `species` (scientific name), `status` and
    `condition` (`unknown` when none is recorded; trees without a species
    carry no `species_id`/`species`). A tile that would hold more than
    TILE_MAX_TREES trees carries cells instead, as the zooms below do."""
    west, south, east, north = tile_bounds_m(address.z, address.x, address.y)
    params = tile_params(address, margin=BUFFER / EXTENT, max_trees=tile_setting("TILE_MAX_TREES"),
                         species=list(filters.species_ids), statuses=list(filters.statuses),
                         conditions=list(filters.conditions), west=west, south=south, east=east, north=north,
                         cell_m=(east - west) / CELLS_ACROSS)
    return TileQuery(_street_sql(filters), params)


def trees_tile_query(address, filters) -> TileQuery:
    """The query of the `trees` MVT tile at `address` matching `filters`.
    Withdrawn trees never appear."""
    if address.z <= AGGREGATED_MAX_ZOOM:
        return tree_cells_tile_query(address, filters)
    return street_trees_tile_query(address, filters)
