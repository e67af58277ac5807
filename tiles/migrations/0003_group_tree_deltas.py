"""The trees triggers note one delta per cell, species and status instead of
one per tree: a statement writing a million trees (an import, the demo)
then notes tens of thousands of rows, and the fold at commit adds up as
many. What the counts come to is unchanged."""
from django.db import migrations

COUNTS = ("good", "fair", "poor", "critical", "dead", "unknown", "sum_x", "sum_y")
GROUPED = ("SELECT cell_x, cell_y, species_id, status, " + ", ".join(f"sum({c})" for c in COUNTS)
           + " FROM ({deltas}) d GROUP BY cell_x, cell_y, species_id, status")


def _note_function(grouped: bool) -> str:
    inserted = ("SELECT d.* FROM new_trees n, tiles_tree_cell_delta(n.location, n.species_id, n.status, "
                "n.current_condition, 1) d WHERE n.status <> 'withdrawn'")
    deleted = ("SELECT d.* FROM old_trees o, tiles_tree_cell_delta(o.location, o.species_id, o.status, "
               "o.current_condition, -1) d WHERE o.status <> 'withdrawn'")
    updated = """SELECT d.* FROM old_trees o JOIN new_trees n ON n.id = o.id
        CROSS JOIN LATERAL (
            SELECT * FROM tiles_tree_cell_delta(o.location, o.species_id, o.status, o.current_condition, -1)
            WHERE o.status <> 'withdrawn'
            UNION ALL
            SELECT * FROM tiles_tree_cell_delta(n.location, n.species_id, n.status, n.current_condition, 1)
            WHERE n.status <> 'withdrawn'
        ) d
        WHERE (o.location, o.species_id, o.status, o.current_condition)
              IS DISTINCT FROM (n.location, n.species_id, n.status, n.current_condition)"""
    shape = (lambda deltas: GROUPED.format(deltas=deltas)) if grouped else (lambda deltas: deltas)
    return f"""
CREATE OR REPLACE FUNCTION tiles_note_tree_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    noted bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO tiles_treecelldelta {shape(inserted)};
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO tiles_treecelldelta {shape(deleted)};
    ELSE
        -- Only what tiles show counts: a new address or height changes nothing.
        INSERT INTO tiles_treecelldelta {shape(updated)};
    END IF;
    GET DIAGNOSTICS noted = ROW_COUNT;
    IF noted > 0 THEN
        INSERT INTO tiles_pendinglayerchange (layer) VALUES ('trees') ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("tiles", "0002_current_tile_function")]

    operations = [migrations.RunSQL(_note_function(grouped=True), _note_function(grouped=False))]
