"""The tiles benchmark's measuring code works (on a small city; no timing
or ratio asserted: those are for the one-million-tree run)."""
import pytest

from greenmap.demo.loader import load_demo
from tests.benchmarks.bench_tiles import PLACES, measure, tile_set
from trees.models import Species

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_tiles_benchmark_measures_every_tile_against_its_raw_sql():
    load_demo(trees=3000, reports=30)
    elm_id = Species.objects.get(scientific_name="Ulmus pumila").pk
    tiles = tile_set(places=PLACES[:3], zooms=(10, 12, 15, 18), elm_id=elm_id)

    results = measure(tiles, repeat=1, direct_aggregation_zooms=(12,))

    assert results["all_tiles"]["tiles"] == len(tiles) == len(results["tiles"])
    assert {"trees z10-14 (cells)", "trees z15-18", "trees filtered", "areas", "reports"} == set(results["by_group"])
    for row in results["tiles"]:
        assert row["raw"] > 0 and row["app"] > 0 and row["cached"] > 0 and row["revalidated"] > 0, row
    centre_z15 = next(row for row in results["tiles"] if row["url"].startswith("/tiles/trees/15/"))
    assert centre_z15["bytes"] > 0  # the centre's trees are in it
    assert results["trees_tiles"]["tiles"] < len(tiles)
    assert results["all_tiles"]["tiles_per_s_uncached"] > 0 and results["all_tiles"]["warm_cache_throughput_ratio"] > 0
    assert results["direct_aggregation_ms_at_centre"]["z12"] > 0
