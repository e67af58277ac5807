"""The precomputed tree counts behind aggregated tiles stay equal to a
count of the trees themselves, whatever writes them, and the bookkeeping
never makes writers deadlock."""
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from tests import factories
from tiles.grid import AGGREGATED_MAX_ZOOM, CELL_BITS, PYRAMID_MIN_LEVEL, tile_containing
from trees import services
from trees.models import Species, Tree
from trees.services.reports import file_report

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
CONDITIONS = ("good", "fair", "poor", "critical", "dead", "unknown")


def _counted_by_tiles() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"""SELECT zoom, tile_x, tile_y, cell_x, cell_y, species_id, status, {", ".join(CONDITIONS)}
                           FROM tiles_treecell WHERE {" + ".join(CONDITIONS)} <> 0""")
        return {row[:7]: row[7:] for row in cursor.fetchall()}


def _counted_from_trees() -> dict:
    """The same counts from the trees, with the grid as tiles/grid.py has it."""
    expected = {}
    for tree in Tree.objects.exclude(status="withdrawn"):
        condition = tree.current_condition or "unknown"
        for zoom in range(PYRAMID_MIN_LEVEL, AGGREGATED_MAX_ZOOM + 1):
            cell_x, cell_y = tile_containing(tree.location.x, tree.location.y, zoom + CELL_BITS)
            key = (zoom, cell_x >> CELL_BITS, cell_y >> CELL_BITS, cell_x, cell_y, tree.species_id or 0, tree.status)
            counts = list(expected.get(key, (0,) * len(CONDITIONS)))
            counts[CONDITIONS.index(condition)] += 1
            expected[key] = tuple(counts)
    return expected


@pytest.fixture
def planted(city, by):
    species = list(Species.objects.order_by("pk")[:4])
    trees = []
    for i in range(24):
        # Clusters of three in one cell, the clusters spread over the city.
        point = factories.west_point(dx=(i // 3) * 0.011 - 0.01, dy=(i % 3) * 0.00005 + (i // 6) * 0.007 - 0.01)
        tree = factories.make_tree(point, by=by, species=species[i % 4] if i % 5 else None)
        if i % 4:
            services.record_condition(tree=tree, condition=CONDITIONS[i % 5], by=by)
        trees.append(tree)
    return trees


def test_cells_count_the_trees_after_plantings_edits_moves_and_withdrawals(planted, by):
    services.update_tree(tree=planted[0], by=by, location=factories.east_point(dy=0.01))
    services.update_tree(tree=planted[1], by=by, species=factories.elm(), status="dead")
    services.withdraw_tree(tree=planted[2], by=by)
    services.record_condition(tree=planted[3], condition="critical", by=by)
    services.log_maintenance(tree=planted[4], kind="felling", by=by)

    assert _counted_by_tiles() == _counted_from_trees()


def test_rebuilding_the_cells_gives_the_same_counts(planted, by):
    services.withdraw_tree(tree=planted[5], by=by)
    before = _counted_by_tiles()
    output = io.StringIO()

    call_command("rebuild_tree_cells", stdout=output)

    assert _counted_by_tiles() == before == _counted_from_trees()
    assert "Counted 23 trees in" in output.getvalue()


def test_writers_touching_two_layers_in_opposite_order_do_not_deadlock(planted, by):
    # Each transaction changes trees and reports, in opposite orders, and both
    # commit while the other is open. Counters locked at write time would
    # deadlock here; the bookkeeping takes turns only at commit.
    both_written = threading.Barrier(2, timeout=20)
    errors = []

    def write(first, second):
        try:
            with transaction.atomic():
                first()
                both_written.wait()
                second()
        except Exception as error:  # reported below with the thread's context
            errors.append(error)
        finally:
            connections.close_all()

    def edit(tree):
        return lambda: services.record_condition(tree=tree, condition="poor", by=by)

    def report(dx):
        return lambda: file_report(location=factories.west_point(dx=dx), category="damaged")

    threads = [threading.Thread(target=write, args=(edit(planted[6]), report(0.001))),
               threading.Thread(target=write, args=(report(0.002), edit(planted[7])))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert _counted_by_tiles() == _counted_from_trees()
