"""Shared plumbing for the benchmarks: a benchmark database holding the
one-million-tree demo city, timing helpers, and a place for results.

Benchmarks are not timed unit tests: `./dev.sh bench` runs them (see
`__main__`), each measuring the project against a reference (raw PostGIS
SQL, ogr2ogr) in the same run and reporting the ratio. Smoke tests in this
folder run each benchmark on a small city so the suite proves they work."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
from pathlib import Path

from greenmap import devdb

RESULTS_DIR = Path(__file__).resolve().parents[2] / "benchmark-results"
BENCH_DATABASE = os.environ.get("BENCH_DATABASE_NAME", "greenmap_bench")


def bench_database_url(name: str = BENCH_DATABASE) -> str:
    """DATABASE_URL for a benchmark database on the same server as the app's."""
    if os.environ.get("DATABASE_URL"):
        base, _, _ = os.environ["DATABASE_URL"].rpartition("/")
        return f"{base}/{name}"
    socket = str(devdb.socket_dir()).replace("/", "%2F")
    return f"postgis://{devdb.SUPERUSER}@{socket}/{name}"


def manage(*args: str, database_url: str) -> str:
    """Run a management command against another database in a child process."""
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run([os.environ.get("PYTHON", "python"), "manage.py", *args], env=env, check=True,
                            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2])
    return result.stdout


def ensure_demo_city(*, trees: int, database_url: str | None = None) -> str:
    """A migrated benchmark database holding a demo city of about `trees`
    trees; reloaded only when the size differs. Returns its DATABASE_URL."""
    import psycopg2

    url = database_url or bench_database_url()
    create_database(url)
    manage("migrate", "--no-input", "-v", "0", database_url=url)
    with psycopg2.connect(_libpq_dsn(url)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM trees_tree")
        have = cursor.fetchone()[0]
    if abs(have - trees) > trees * 0.02:
        manage("load_demo", "--trees", str(trees), "--replace", database_url=url)
    return url


def _libpq_dsn(url: str) -> str:
    import dj_database_url

    config = dj_database_url.parse(url)
    parts = {"dbname": config["NAME"], "user": config["USER"], "host": config["HOST"], "port": config["PORT"],
             "password": config["PASSWORD"]}
    return " ".join(f"{k}='{v}'" for k, v in parts.items() if v)


def connect(url: str):
    import psycopg2

    return psycopg2.connect(_libpq_dsn(url))


def create_database(url: str) -> None:
    """Create the database `url` names, with PostGIS, unless it exists."""
    import dj_database_url
    import psycopg2

    name = dj_database_url.parse(url)["NAME"]
    admin = psycopg2.connect(_libpq_dsn(url).replace(f"dbname='{name}'", "dbname='postgres'"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    with connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS postgis")


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - started, value


def median_seconds(function, *, repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        function()
    return statistics.median(timed(function)[0] for _ in range(repeat))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def save_results(name: str, results: dict) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return path
