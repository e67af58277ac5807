"""The map benchmark's measuring code works (on a small city; no timing asserted)."""
import pytest

from greenmap.demo.loader import load_demo
from tests.benchmarks.bench_map import measure_views

pytestmark = pytest.mark.browser


def test_map_benchmark_measures_first_trees_drawn(transactional_db, live_server, chromium):
    load_demo(trees=800, reports=0)

    results = measure_views(live_server.url, views=[("street", 42.8764, 74.6036, 17)], repeat=1,
                            browser=chromium)

    street = results["street"]
    assert street["page_loaded_ms"] > 0
    assert street["first_trees_drawn_ms"] >= street["page_loaded_ms"] * 0.5
