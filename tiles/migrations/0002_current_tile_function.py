"""`tiles_current_tile`: a layer's version and, unless the caller already
holds the tile at that version (or does not want it), the tile built right
after: one round trip for a tile that has to be built, and no planning of
its statement when it is not.

The tile statement comes from the app's selectors with its parameters
already quoted by the driver; it is never built from a client's text."""
from django.db import migrations

FUNCTION = """
CREATE FUNCTION tiles_current_tile(layer_name text, held_versions bigint[], tile_wanted boolean, tile_sql text,
                                   OUT version bigint, OUT tile bytea)
LANGUAGE plpgsql AS $$
BEGIN
    -- Read before the tile is built: the tile may then be newer than the
    -- version it is filed under, never older.
    version := coalesce((SELECT v.version FROM tiles_layerversion v WHERE v.layer = layer_name), 0);
    IF tile_wanted AND NOT version = ANY(held_versions) THEN
        -- Tile statements are short and many: on the one-million-tree city JIT
        -- compilation added ~40 ms to a 20 ms street tile and parallel workers
        -- doubled it. Both settings last until the end of this transaction.
        PERFORM set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true);
        EXECUTE tile_sql INTO tile;
        tile := coalesce(tile, ''::bytea);
    END IF;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("tiles", "0001_layer_versions_and_tree_cells")]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION tiles_current_tile(text, bigint[], boolean, text);"),
    ]
