"""Tile statements find their rows through an index (GiST on the geometry,
the primary key of the cell counts), never by reading a whole table. The
test tables are small, so sequential scans are priced out of the running."""
import pytest
from django.db import connection
from django.http import QueryDict

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
