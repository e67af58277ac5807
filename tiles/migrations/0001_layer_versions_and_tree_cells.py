"""Bookkeeping the tiles need, kept by triggers on the inventory's tables so
that every writer is covered (services, admin, importers, the demo loader's
set-based SQL). Triggers are added; no column of a `trees` table changes.

* `tiles_layerversion`: a version per tile layer, part of every tile's ETag.
  It changes when data the layer shows changes.
* `tiles_treecell`: trees counted per cell of the aggregated zooms (see
  `tiles/grid.py`: 8 x 8 cells a tile, one level per zoom 6..14), so that a
  city-wide tile adds up a few thousand rows instead of a million trees.

Statement-level triggers only *note* what changed, by inserting into two
unlogged scratch tables (tree count deltas, changed layers). A deferred
constraint trigger applies the notes when the transaction commits, under
one advisory lock. So writers never wait on each other for the shared
counters while their transactions run (an import batch and a gardener
editing the same trees cannot deadlock on them); they take turns only for
the moment of commit. A rolled-back transaction leaves no trace, and the
scratch tables are empty whenever nothing is committing.
"""
from django.db import migrations

CONDITIONS = ("good", "fair", "poor", "critical", "dead")
COUNTS = (*CONDITIONS, "unknown")
COUNT_COLUMNS = ",\n    ".join(f"{name} integer NOT NULL" for name in COUNTS)
# Frozen copy of tiles/grid.py: cells of the deepest level (zoom 14) are the
# tiles of zoom 17; levels 6..14 are kept.
FINE_CELL_ZOOM, TOP_LEVEL, BOTTOM_LEVEL, CELL_BITS = 17, 14, 6, 3
HALF_WIDTH = "20037508.342789244"

TABLES = f"""
CREATE TABLE tiles_layerversion (
    layer text PRIMARY KEY,
    version bigint NOT NULL
);
-- Layers the running transaction changed. Rows never outlive it.
CREATE UNLOGGED TABLE tiles_pendinglayerchange (
    txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    layer text NOT NULL,
    PRIMARY KEY (txid, layer)
);
-- Tree count changes of the running transaction, per deepest-level cell.
CREATE UNLOGGED TABLE tiles_treecelldelta (
    cell_x integer NOT NULL,
    cell_y integer NOT NULL,
    species_id bigint NOT NULL,
    status text NOT NULL,
    {COUNT_COLUMNS},
    sum_x double precision NOT NULL,
    sum_y double precision NOT NULL
);
-- Trees (not withdrawn) per cell, species (0: none recorded) and status,
-- with a count per current condition. cell_x/cell_y are tile numbers at
-- zoom + 3, tile_x/tile_y the zoom's tile holding the cell; sum_x/sum_y add
-- up EPSG:3857 coordinates, for placing the cell at its trees' centroid.
CREATE TABLE tiles_treecell (
    zoom smallint NOT NULL,
    tile_x integer NOT NULL,
    tile_y integer NOT NULL,
    cell_x integer NOT NULL,
    cell_y integer NOT NULL,
    species_id bigint NOT NULL,
    status text NOT NULL,
    {COUNT_COLUMNS},
    sum_x double precision NOT NULL,
    sum_y double precision NOT NULL,
    PRIMARY KEY (zoom, tile_x, tile_y, cell_x, cell_y, species_id, status)
);
"""
DROP_TABLES = "DROP TABLE tiles_treecell, tiles_treecelldelta, tiles_pendinglayerchange, tiles_layerversion;"

CONDITION_CASES = ",\n        ".join(f"CASE WHEN $4 = '{c}' THEN $5 ELSE 0 END" for c in CONDITIONS)
CELL_SIZE = f"(2 * {HALF_WIDTH} / {1 << FINE_CELL_ZOOM})"
MAX_CELL = (1 << FINE_CELL_ZOOM) - 1

# Spherical Web Mercator written out (as PostGIS computes EPSG:3857), so the
# cell a tree falls in agrees with ST_TileEnvelope's tiles.
FUNCTIONS = f"""
CREATE FUNCTION tiles_mercator_x(geometry) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ST_X($1) * {HALF_WIDTH} / 180.0
$$;
CREATE FUNCTION tiles_mercator_y(geometry) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ln(tan(radians(45.0 + greatest(-85.0511, least(85.0511, ST_Y($1))) / 2.0))) * 6378137.0
$$;
-- What one tree adds to (sign 1) or takes from (sign -1) its cell's counts.
CREATE FUNCTION tiles_tree_cell_delta(geometry, bigint, text, text, integer) RETURNS SETOF tiles_treecelldelta
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT least({MAX_CELL}, greatest(0, floor((tiles_mercator_x($1) + {HALF_WIDTH}) / {CELL_SIZE})))::integer,
        least({MAX_CELL}, greatest(0, floor(({HALF_WIDTH} - tiles_mercator_y($1)) / {CELL_SIZE})))::integer,
        coalesce($2, 0), $3,
        {CONDITION_CASES},
        CASE WHEN $4 IN ({", ".join(f"'{c}'" for c in CONDITIONS)}) THEN 0 ELSE $5 END,
        $5 * tiles_mercator_x($1), $5 * tiles_mercator_y($1)
$$;

CREATE FUNCTION tiles_note_layer_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tiles_pendinglayerchange (layer) VALUES (TG_ARGV[0]) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION tiles_note_tree_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    noted bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO tiles_treecelldelta
        SELECT d.* FROM new_trees n,
            tiles_tree_cell_delta(n.location, n.species_id, n.status, n.current_condition, 1) d
        WHERE n.status <> 'withdrawn';
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO tiles_treecelldelta
        SELECT d.* FROM old_trees o,
            tiles_tree_cell_delta(o.location, o.species_id, o.status, o.current_condition, -1) d
        WHERE o.status <> 'withdrawn';
    ELSE
        -- Only what tiles show counts: a new address or height changes nothing.
        INSERT INTO tiles_treecelldelta
        SELECT d.* FROM old_trees o JOIN new_trees n ON n.id = o.id
        CROSS JOIN LATERAL (
            SELECT * FROM tiles_tree_cell_delta(o.location, o.species_id, o.status, o.current_condition, -1)
            WHERE o.status <> 'withdrawn'
            UNION ALL
            SELECT * FROM tiles_tree_cell_delta(n.location, n.species_id, n.status, n.current_condition, 1)
            WHERE n.status <> 'withdrawn'
        ) d
        WHERE (o.location, o.species_id, o.status, o.current_condition)
              IS DISTINCT FROM (n.location, n.species_id, n.status, n.current_condition);
    END IF;
    GET DIAGNOSTICS noted = ROW_COUNT;
    IF noted > 0 THEN
        INSERT INTO tiles_pendinglayerchange (layer) VALUES ('trees') ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION tiles_forget_tree_cells() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE tiles_treecell;
    DELETE FROM tiles_treecelldelta;
    INSERT INTO tiles_pendinglayerchange (layer) VALUES ('trees') ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
"""


def fold_sql() -> str:
    """Add the noted deltas to every level: the deepest level from the
    deltas, each level above from the one below (halving cell numbers)."""
    sums = ", ".join(f"sum({name}) AS {name}" for name in (*COUNTS, "sum_x", "sum_y"))
    levels = [f"level_{TOP_LEVEL} AS (SELECT {TOP_LEVEL} AS zoom, cell_x, cell_y, species_id, status, {sums} "
              f"FROM moved GROUP BY cell_x, cell_y, species_id, status)"]
    for zoom in range(TOP_LEVEL - 1, BOTTOM_LEVEL - 1, -1):
        levels.append(f"level_{zoom} AS (SELECT {zoom} AS zoom, cell_x >> 1 AS cell_x, cell_y >> 1 AS cell_y, "
                      f"species_id, status, {sums} FROM level_{zoom + 1} "
                      f"GROUP BY cell_x >> 1, cell_y >> 1, species_id, status)")
    every_level = " UNION ALL ".join(f"SELECT * FROM level_{z}" for z in range(BOTTOM_LEVEL, TOP_LEVEL + 1))
    columns = ", ".join((*COUNTS, "sum_x", "sum_y"))
    updates = ", ".join(f"{name} = c.{name} + excluded.{name}" for name in (*COUNTS, "sum_x", "sum_y"))
    level_queries = ",\n    ".join(levels)
    return f"""
CREATE FUNCTION tiles_fold_tree_cell_deltas() RETURNS void LANGUAGE sql AS $$
    WITH moved AS (DELETE FROM tiles_treecelldelta RETURNING *),
    {level_queries}
    INSERT INTO tiles_treecell AS c (zoom, tile_x, tile_y, cell_x, cell_y, species_id, status, {columns})
    SELECT zoom, cell_x >> {CELL_BITS}, cell_y >> {CELL_BITS}, cell_x, cell_y, species_id, status, {columns}
    FROM ({every_level}) every_level
    ON CONFLICT (zoom, tile_x, tile_y, cell_x, cell_y, species_id, status) DO UPDATE SET {updates}
$$;
"""


APPLY = """
-- Runs when a transaction that changed a layer commits (once per layer).
CREATE FUNCTION tiles_apply_layer_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Committers take turns here, so they never deadlock over cells or versions.
    PERFORM pg_advisory_xact_lock(hashtext('tiles_apply_layer_change'));
    IF NEW.layer = 'trees' THEN
        PERFORM tiles_fold_tree_cell_deltas();
    END IF;
    -- Microseconds since 1970 (or one more than before): a restored backup or
    -- a reset table never hands out a version that named other data.
    INSERT INTO tiles_layerversion AS v (layer, version)
    VALUES (NEW.layer, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
    ON CONFLICT (layer) DO UPDATE SET version = greatest(v.version + 1, excluded.version);
    DELETE FROM tiles_pendinglayerchange WHERE txid = NEW.txid AND layer = NEW.layer;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER tiles_apply_at_commit AFTER INSERT ON tiles_pendinglayerchange
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tiles_apply_layer_change();

-- Recount every tree (used below, and after loading data with triggers off).
CREATE FUNCTION tiles_rebuild_tree_cells() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE trees_tree IN SHARE MODE;  -- no tree changes while counting
    TRUNCATE tiles_treecell;
    DELETE FROM tiles_treecelldelta;
    INSERT INTO tiles_treecelldelta
    SELECT d.* FROM trees_tree t,
        tiles_tree_cell_delta(t.location, t.species_id, t.status, t.current_condition, 1) d
    WHERE t.status <> 'withdrawn';
    INSERT INTO tiles_pendinglayerchange (layer) VALUES ('trees') ON CONFLICT DO NOTHING;
END $$;
"""
DROP_FUNCTIONS = """
DROP FUNCTION tiles_rebuild_tree_cells(), tiles_apply_layer_change(), tiles_fold_tree_cell_deltas(),
    tiles_forget_tree_cells(), tiles_note_tree_changes(), tiles_note_layer_change(),
    tiles_tree_cell_delta(geometry, bigint, text, text, integer), tiles_mercator_y(geometry),
    tiles_mercator_x(geometry);
"""

# Transition tables need one trigger per event.
TREE_TRIGGERS = """
CREATE TRIGGER tiles_trees_inserted AFTER INSERT ON trees_tree REFERENCING NEW TABLE AS new_trees
    FOR EACH STATEMENT EXECUTE FUNCTION tiles_note_tree_changes();
CREATE TRIGGER tiles_trees_updated AFTER UPDATE ON trees_tree
    REFERENCING OLD TABLE AS old_trees NEW TABLE AS new_trees
    FOR EACH STATEMENT EXECUTE FUNCTION tiles_note_tree_changes();
CREATE TRIGGER tiles_trees_deleted AFTER DELETE ON trees_tree REFERENCING OLD TABLE AS old_trees
    FOR EACH STATEMENT EXECUTE FUNCTION tiles_note_tree_changes();
CREATE TRIGGER tiles_trees_truncated AFTER TRUNCATE ON trees_tree
    FOR EACH STATEMENT EXECUTE FUNCTION tiles_forget_tree_cells();
"""
DROP_TREE_TRIGGERS = """
DROP TRIGGER tiles_trees_inserted ON trees_tree; DROP TRIGGER tiles_trees_updated ON trees_tree;
DROP TRIGGER tiles_trees_deleted ON trees_tree; DROP TRIGGER tiles_trees_truncated ON trees_tree;
"""
# Species names show in trees tiles; areas and reports are small enough to
# note any write without looking at what changed.
LAYER_OF_TABLE = {"trees_species": "trees", "trees_greenarea": "areas", "trees_citizenreport": "reports"}
OTHER_TRIGGERS = "\n".join(
    f"CREATE TRIGGER tiles_{table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION tiles_note_layer_change('{layer}');"
    for table, layer in LAYER_OF_TABLE.items())
DROP_OTHER_TRIGGERS = "\n".join(f"DROP TRIGGER tiles_{table}_changed ON {table};" for table in LAYER_OF_TABLE)


class Migration(migrations.Migration):
    dependencies = [("trees", "0004_tree_status_withdrawn")]

    operations = [
        migrations.RunSQL(TABLES, DROP_TABLES),
        migrations.RunSQL(FUNCTIONS + fold_sql() + APPLY, DROP_FUNCTIONS),
        migrations.RunSQL(TREE_TRIGGERS, DROP_TREE_TRIGGERS),
        migrations.RunSQL(OTHER_TRIGGERS, DROP_OTHER_TRIGGERS),
        migrations.RunSQL("SELECT tiles_rebuild_tree_cells();", migrations.RunSQL.noop),
    ]
