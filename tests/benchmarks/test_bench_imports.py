"""The import benchmark works end to end on a small survey (no timing
assertions: `./dev.sh bench imports` measures the real thing)."""
import re
import sys

import pytest
from django.db import connection

from tests.benchmarks import bench_imports


@pytest.mark.django_db
def test_import_benchmark_runs_on_a_small_survey(monkeypatch):
    monkeypatch.setenv("PYTHON", sys.executable)  # the children run manage.py with this interpreter
    database = f"{connection.settings_dict['NAME']}_bench_imports"

    results = bench_imports.run(trees=300, database=database)

    assert results["rows"] == 300
    assert re.match(r"Batch #\d+ \(committed\): 300 rows; 300 new trees", results["import_summary"])
    assert "300 unchanged" in results["reimport_summary"] and "0 new trees" in results["reimport_summary"]
    assert results["floor_trees"] == 300  # the plain-SQL floor wrote every row, then rolled back
    assert results["ogr2ogr_s"] > 0 and results["import_ratio"] > 0 and results["peak_memory_mb"] > 0
