"""Tile statements find their rows through an index (GiST on the geometry,
the primary key of the cell counts), never by reading a whole table (the
test tables are small, so sequential scans are priced out of the running),
and the trees trigger's statements are planned for the rows at hand."""
import pytest
from django.db import connection, transaction
from django.http import QueryDict

from tests import factories

from tiles.addresses import tile_address
from tiles.layers import layer_named

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("layer, tile, query, index", [
    ("trees", ("17", "92689", "48226"), "", "trees_tree_location"),
    ("trees", ("16", "46344", "24113"), "condition=poor&status=alive", "trees_tree_location"),
    ("trees", ("12", "2896", "1507"), "", "tiles_treecell_pkey"),
    ("trees", ("4", "11", "5"), "species=1", "tiles_treecell_pkey"),
    ("areas", ("12", "2896", "1507"), "", "trees_greenarea_boundary"),
    ("reports", ("15", "23172", "12056"), "", "trees_citizenreport_location"),
])
def test_tile_statement_uses_an_index(layer, tile, query, index):
    layer = layer_named(layer)
    tile_query = layer.tile_query(tile_address(*tile), layer.read_filters(QueryDict(query)))

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + tile_query.sql, tile_query.params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert f"Index Scan using {index}" in plan or f"Bitmap Index Scan on {index}" in plan, plan
    assert "Seq Scan" not in plan.replace("Seq Scan on trees_species", ""), plan


def test_a_trees_cell_is_worked_out_inside_the_query():
    """The trees trigger works out a cell per tree written; a call through
    the function manager per tree cost seconds a million (an import)."""
    with connection.cursor() as cursor:
        cursor.execute("""EXPLAIN VERBOSE SELECT d.* FROM trees_tree t,
                          tiles_tree_cell_delta(t.location, t.species_id, t.status, t.current_condition, 1) d""")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT tiles_mercator_y(NULL), round(tiles_mercator_y(ST_Point(74.6, 42.87, 4326)))")
        nothing, northing = cursor.fetchone()

    assert "tiles_mercator" not in plan and "tiles_tree_cell_delta" not in plan, plan
    assert nothing is None
    assert northing == 5292205  # EPSG:3857 of 42.87° N (pyproj: 5292205.4)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_update_after_an_empty_one_is_planned_for_its_own_rows(city):
    """PL/pgSQL keeps a statement's first plan. The trees trigger's first
    call in a session is often an update of no trees; planned for that, the
    join of old and new rows became a nested loop, and 50,000 trees then
    took minutes (a million: an undo that never ended). Now seconds."""
    connection.close()  # a session of its own, so this is the trigger's first call in it
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '30s'")
        cursor.execute("UPDATE trees_tree SET version = version WHERE false")
        cursor.execute("""
            INSERT INTO trees_tree (location, status, address, external_ids, municipality_id, created_at,
                                    created_via, updated_at, updated_via, version)
            SELECT ST_Point(%s + i * 1e-6, %s, 4326), 'alive', '', '{}', %s, now(), 'demo', now(), 'demo', 1
            FROM generate_series(1, 50000) i
        """, [factories.CENTRE[0] - 0.025, factories.CENTRE[1], city.pk])
        cursor.execute("DELETE FROM tiles_treecelldelta")

        cursor.execute("UPDATE trees_tree SET status = 'dead'")
        cursor.execute("SELECT status, sum(unknown) FROM tiles_treecelldelta GROUP BY status ORDER BY status")
        moved = cursor.fetchall()
        transaction.set_rollback(True)

    assert moved == [("alive", -50000), ("dead", 50000)]
