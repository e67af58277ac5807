"""The trees trigger plans its UPDATE statement on every call (EXECUTE), not
once per session. PL/pgSQL keeps a statement's first plan, and the first
update a connection makes often touches no trees (a bulk step with nothing
to do): the join of the old and new rows was then planned for empty tables
as a nested loop and kept, and a later update of a million trees (undoing
an import) compared every old row with every new one (stopped after 12
minutes; the statement takes 40 s otherwise). Planned per call, it is a
hash join whatever came before. The SQL is otherwise 0003's; migrations
stay frozen, so it is written out again here."""
import importlib

from django.db import migrations

COUNTS = ("good", "fair", "poor", "critical", "dead", "unknown", "sum_x", "sum_y")
GROUPED = ("SELECT cell_x, cell_y, species_id, status, " + ", ".join(f"sum({c})" for c in COUNTS)
           + " FROM ({deltas}) d GROUP BY cell_x, cell_y, species_id, status")
INSERTED = ("SELECT d.* FROM new_trees n, tiles_tree_cell_delta(n.location, n.species_id, n.status, "
            "n.current_condition, 1) d WHERE n.status <> 'withdrawn'")
DELETED = ("SELECT d.* FROM old_trees o, tiles_tree_cell_delta(o.location, o.species_id, o.status, "
           "o.current_condition, -1) d WHERE o.status <> 'withdrawn'")
UPDATED = """SELECT d.* FROM old_trees o JOIN new_trees n ON n.id = o.id
        CROSS JOIN LATERAL (
            SELECT * FROM tiles_tree_cell_delta(o.location, o.species_id, o.status, o.current_condition, -1)
            WHERE o.status <> ''withdrawn''
            UNION ALL
            SELECT * FROM tiles_tree_cell_delta(n.location, n.species_id, n.status, n.current_condition, 1)
            WHERE n.status <> ''withdrawn''
        ) d
        WHERE (o.location, o.species_id, o.status, o.current_condition)
              IS DISTINCT FROM (n.location, n.species_id, n.status, n.current_condition)"""

NOTE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION tiles_note_tree_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    noted bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO tiles_treecelldelta {GROUPED.format(deltas=INSERTED)};
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO tiles_treecelldelta {GROUPED.format(deltas=DELETED)};
    ELSE
        -- Only what tiles show counts: a new address or height changes nothing.
        -- EXECUTE: planned for this call's rows (see the migration's docstring).
        EXECUTE 'INSERT INTO tiles_treecelldelta {GROUPED.format(deltas=UPDATED)}';
    END IF;
    GET DIAGNOSTICS noted = ROW_COUNT;
    IF noted > 0 THEN
        INSERT INTO tiles_pendinglayerchange (layer) VALUES ('trees') ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
"""


def _planned_once() -> str:
    return importlib.import_module("tiles.migrations.0003_group_tree_deltas")._note_function(grouped=True)


class Migration(migrations.Migration):
    dependencies = [("tiles", "0004_inline_mercator_y")]

    operations = [migrations.RunSQL(NOTE_FUNCTION, _planned_once())]
