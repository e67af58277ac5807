"""Survey import at city scale: a one-million-row CSV into an empty
inventory, then the same file again (every row matched, nothing changed),
then the first batch undone (a million trees withdrawn), against ogr2ogr
loading the same file into a plain PostGIS table with COPY, timed in the
same run. Targets: import <= 2x ogr2ogr, re-import <= 4x,
peak memory < 1 GB. A second reference, `first_load_floor`, times the writes
alone in plain SQL (rolled back): how much of a first import they take.

Runs in its own database (`greenmap_bench_imports`): the municipality and
districts of the demo, an empty inventory, emptied again before each run."""
from __future__ import annotations

import csv
import os
import random
import statistics
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks import common, first_load_floor

DATABASE = "greenmap_bench_imports"
REFERENCE_RUNS = 3
REPO = Path(__file__).resolve().parents[2]
SPECIES = ["Ulmus pumila", "Карагач", "Populus alba", "Acer negundo", "Fraxinus pennsylvanica", "Betula pendula",
           "Тополь пирамидальный", "Robinia pseudoacacia", "Juglans regia", "Siberian elm"]
CONDITIONS = ["good", "fair", "poor", "хорошее", "удовлетворительное"]
_EMPTY_INVENTORY = """
    SET CONSTRAINTS ALL IMMEDIATE;
    TRUNCATE imports_importrow, imports_importbatch, trees_citizenreport, trees_maintenanceevent,
             trees_conditionrecord, trees_treechange, trees_tree RESTART IDENTITY CASCADE;
    DROP TABLE IF EXISTS ogr_reference;
"""
_LOAD_GEOGRAPHY = ("from greenmap.demo.loader import load_geography; from trees.models import Municipality; "
                   "Municipality.objects.exists() or load_geography()")


def prepare(database: str) -> str:
    """A migrated database with the demo's geography and no trees."""
    url = common.bench_database_url(database)
    common.create_database(url)
    common.manage("migrate", "--no-input", "-v", "0", database_url=url)
    common.manage("shell", "-c", _LOAD_GEOGRAPHY, database_url=url)
    with common.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(_EMPTY_INVENTORY)
    return url


def write_survey(path: Path, rows: int, *, seed: int = 7) -> None:
    """A survey CSV with `rows` distinct points inside the demo city."""
    from shapely import contains_xy

    from greenmap.demo import geography

    outline = geography.city_outline()
    xmin, ymin, xmax, ymax = outline.bounds
    chance = random.Random(seed)
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["tree_id", "lon", "lat", "species", "height_m", "trunk_diameter_cm", "condition", "date"])
        while written < rows:
            lon, lat = round(chance.uniform(xmin, xmax), 7), round(chance.uniform(ymin, ymax), 7)
            if not contains_xy(outline, lon, lat):
                continue
            writer.writerow([f"T{written}", lon, lat, chance.choice(SPECIES), round(chance.uniform(2, 12), 1),
                             round(chance.uniform(5, 40)), chance.choice(CONDITIONS), "2024-05-17"])
            written += 1


def ogr2ogr(path: Path, url: str) -> float:
    """The reference: GDAL's CSV driver into a plain PostGIS table by COPY."""
    import dj_database_url

    config = dj_database_url.parse(url)
    target = f"PG:dbname='{config['NAME']}' host='{config['HOST']}' user='{config['USER']}'"
    started = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", target, str(path), "-nln", "ogr_reference",
                    "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-a_srs", "EPSG:4326",
                    "--config", "PG_USE_COPY", "YES"], check=True, capture_output=True)
    return time.perf_counter() - started


def import_survey(path: Path, url: str, folder: Path) -> tuple[float, float, str]:
    """Our import, as a volunteer runs it: seconds, the process's peak
    memory (MB) and its summary line."""
    return _command("import_survey", str(path), url=url, folder=folder)


def undo_import(batch: int, url: str, folder: Path) -> tuple[float, float, str]:
    """Undoing a batch from the command line, measured as the import is."""
    return _command("undo_import", str(batch), url=url, folder=folder)


def _command(*args: str, url: str, folder: Path) -> tuple[float, float, str]:
    command = [os.environ.get("PYTHON", sys.executable), "manage.py", *args, "--no-progress"]
    out_path, err_path = folder / "out.txt", folder / "err.txt"
    with open(out_path, "w") as out, open(err_path, "w") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=REPO, env={**os.environ, "DATABASE_URL": url}, stdout=out, stderr=err)
        # wait4, not wait: it also says how much memory the child used at most.
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{args[0]} failed: {err_path.read_text()[-2000:]}")
    summary = [line for line in out_path.read_text().splitlines() if line.startswith("Batch #")]
    return elapsed, round(usage.ru_maxrss / 1024, 1), summary[-1]  # ru_maxrss is in kilobytes on Linux


def run(trees: int, *, database: str = DATABASE) -> dict:
    url = prepare(database)
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as folder:
        path = Path(folder) / "survey.csv"
        write_survey(path, trees)
        # The reference varies by a fifth between runs on a shared machine: the
        # median of three, each into a fresh table (the floor reads the last).
        references = []
        for _ in range(REFERENCE_RUNS):
            with common.connect(url) as connection, connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS ogr_reference")
            references.append(ogr2ogr(path, url))
        reference_s = statistics.median(references)
        with common.connect(url) as connection:
            floor = first_load_floor.measure(connection)
            # Its rolled-back rows stay in the tables as dead space until a
            # vacuum; the import would scan them in every index build.
            with connection.cursor() as cursor:
                cursor.execute(_EMPTY_INVENTORY)
        import_s, import_mb, import_summary = import_survey(path, url, Path(folder))
        reimport_s, reimport_mb, reimport_summary = import_survey(path, url, Path(folder))
        first_batch = int(re.match(r"Batch #(\d+)", import_summary).group(1))
        undo_s, undo_mb, undo_summary = undo_import(first_batch, url, Path(folder))
        size_mb = round(path.stat().st_size / 1e6, 1)
    results = {
        "rows": trees, "file_mb": size_mb, "ogr2ogr_s": round(reference_s, 2),
        "ogr2ogr_runs_s": [round(seconds, 2) for seconds in references],
        "import_s": round(import_s, 2), "import_ratio": round(import_s / reference_s, 2),
        "floor_s": floor["seconds"], "floor_ratio": round(floor["seconds"] / reference_s, 2),
        "floor_steps_s": floor["steps"], "floor_trees": floor["trees"],
        "import_over_floor": round(import_s / floor["seconds"], 2),
        "reimport_s": round(reimport_s, 2), "reimport_ratio": round(reimport_s / reference_s, 2),
        "undo_s": round(undo_s, 2), "undo_ratio": round(undo_s / reference_s, 2),
        "peak_memory_mb": max(import_mb, reimport_mb, undo_mb),
        "import_summary": import_summary, "reimport_summary": reimport_summary, "undo_summary": undo_summary,
        "targets": {"import_ratio": 2, "reimport_ratio": 4, "peak_memory_mb": 1024},
    }
    if database == DATABASE:
        common.save_results("imports", results)
    return results
