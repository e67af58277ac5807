"""The GIS REST API against PostGIS itself.

On the demo city, one bbox request for 5,000 trees goes through the real
API over HTTP (gunicorn serving the app, the response read to its last
byte), and the same selection (same trees, same properties, same order) is
rendered to a GeoJSON FeatureCollection by ONE SQL statement with
ST_AsGeoJSON (two ways, see REFERENCE_SQL), read by the same process. Runs
alternate and each side's median is reported with the ratio against the
faster statement (target: API <= 2x SQL). For scale,
the same 5,000 trees are also serialized object by object with a DRF-GIS
GeoFeatureModelSerializer, the approach the API avoids."""
from __future__ import annotations

import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.benchmarks.common import connect, ensure_demo_city, save_results, timed

FEATURES = 5_000
REPEAT = 9
ROOT = Path(__file__).resolve().parents[2]

# The references: the same trees and properties as /api/v1/trees/?bbox=...,
# written out by hand, rendered by PostGIS in a single statement. The first
# is the textbook json_agg(json_build_object(...)); the second concatenates
# JSON text like the API's selector does, which PostgreSQL builds faster.
# The ratio is taken against whichever is faster in the run.
# The joins sit inside the sorted subquery, as in the API's own SQL, so that
# nothing above it reorders the rows the aggregate receives.
_TREES = """
FROM (SELECT tree.*, s.scientific_name, m.code AS municipality_code FROM trees_tree tree
      LEFT JOIN trees_species s ON s.id = tree.species_id
      JOIN trees_municipality m ON m.id = tree.municipality_id
      WHERE tree.location && ST_MakeEnvelope(%s, %s, %s, %s, 4326) AND tree.status <> 'withdrawn'
      ORDER BY tree.id LIMIT %s) t
"""
_PROPERTIES = """json_build_object(
           'species', t.species_id, 'species_name', t.scientific_name, 'status', t.status,
           'planted_year', t.planted_year, 'trunk_diameter_cm', t.trunk_diameter_cm, 'height_m', t.height_m,
           'crown_diameter_m', t.crown_diameter_m, 'address', t.address, 'municipality', t.municipality_code,
           'district', t.district_id, 'council_area', t.council_area_id, 'green_area', t.green_area_id,
           'current_condition', t.current_condition, 'current_condition_at', t.current_condition_at,
           'updated_at', t.updated_at, 'version', t.version)"""
REFERENCE_SQL = {
    "json_agg": f"""
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
         json_build_object('type', 'Feature', 'id', t.id, 'geometry', ST_AsGeoJSON(t.location, 7)::json,
                           'properties', {_PROPERTIES})), '[]'))::text
{_TREES}""",
    "string_agg": f"""
SELECT '{{"type":"FeatureCollection","features":[' || coalesce(string_agg(
         '{{"type":"Feature","id":' || t.id || ',"geometry":' || ST_AsGeoJSON(t.location, 7)
         || ',"properties":' || {_PROPERTIES}::text || '}}', ','), '') || ']}}'
{_TREES}""",
}

COUNT_SQL = """SELECT count(*) FROM trees_tree
               WHERE location && ST_MakeEnvelope(%s, %s, %s, %s, 4326) AND status <> 'withdrawn'"""
CENTRE_SQL = "SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_Centroid(boundary) c FROM trees_municipality ORDER BY id LIMIT 1) m"


def bbox_holding(query, *, at_least: int) -> tuple[float, float, float, float]:
    """The smallest square (in steps of 25%) around the first municipality's
    centre that holds `at_least` public trees. `query(sql, params)` returns
    the first row."""
    x, y = query(CENTRE_SQL, [])
    half = 0.001
    while half < 1:
        box = (x - half, y - half, x + half, y + half)
        if query(COUNT_SQL, list(box))[0] >= at_least:
            return box
        half *= 1.25
    raise RuntimeError(f"fewer than {at_least} trees around ({x}, {y})")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        return response.read()


def collection_features(collection_text: str | bytes) -> list[dict]:
    return json.loads(collection_text)["features"]


def feature_ids(collection_text: str | bytes) -> list[int]:
    return [feature["id"] for feature in collection_features(collection_text)]


def measure(*, base_url: str, query, bbox, features: int, repeat: int) -> dict:
    """Median seconds of the API request and of each reference statement,
    alternating so all see the same load. `query(sql, params)` returns the
    first row. Checks first that all return the same Features (trees,
    order, geometry and properties)."""
    url = f"{base_url}/api/v1/trees/?bbox={','.join(f'{v:.6f}' for v in bbox)}&page_size={features}"
    # The URL carries the box rounded to 6 decimals; the references use the same numbers.
    params = [*(float(f"{v:.6f}") for v in bbox), features]
    api_features = collection_features(fetch(url))
    for name, sql in REFERENCE_SQL.items():
        reference = collection_features(query(sql, params)[0])
        if reference != api_features:
            first = next((pair for pair in zip(api_features, reference) if pair[0] != pair[1]),
                         (len(api_features), len(reference)))
            raise AssertionError(f"the API and the {name} reference return different Features; first difference: "
                                 f"{first}")
    runs = {"api": [], **{name: [] for name in REFERENCE_SQL}}
    for _ in range(repeat):
        seconds, body = timed(fetch, url)
        runs["api"].append(seconds)
        for name, sql in REFERENCE_SQL.items():
            runs[name].append(timed(query, sql, params)[0])
    medians = {name: statistics.median(times) for name, times in runs.items()}
    fastest = min(REFERENCE_SQL, key=medians.get)
    return {
        "features": len(api_features), "bbox": params[:4], "request": url.removeprefix(base_url), "runs": repeat,
        "response_bytes": len(body), "api_median_s": round(medians["api"], 4),
        "sql_median_s": round(medians[fastest], 4), "sql_reference": fastest,
        "ratio": round(medians["api"] / medians[fastest], 2),
        **{f"sql_{name}_median_s": round(medians[name], 4) for name in REFERENCE_SQL},
        "runs_s": {name: [round(t, 4) for t in times] for name, times in runs.items()},
    }


def naive_drf_gis_seconds(ids: list[int], *, repeat: int = 3) -> float:
    """The same trees through a GeoFeatureModelSerializer, object by object
    (in this process, against the default database connection)."""
    from rest_framework.renderers import JSONRenderer
    from rest_framework_gis.serializers import GeoFeatureModelSerializer

    from trees.models import Tree

    class NaiveTreeSerializer(GeoFeatureModelSerializer):
        class Meta:
            model = Tree
            geo_field = "location"
            fields = ("id", "location", "species", "status", "planted_year", "trunk_diameter_cm", "height_m",
                      "crown_diameter_m", "address", "municipality", "district", "council_area", "green_area",
                      "current_condition", "current_condition_at", "updated_at", "version")

    def render():
        trees = Tree.objects.filter(pk__in=ids).order_by("pk")
        return JSONRenderer().render(NaiveTreeSerializer(trees, many=True).data)

    return statistics.median(timed(render)[0] for _ in range(repeat))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served_api(database_url: str):
    """The app under gunicorn (one sync worker, DEBUG off) on a loopback port."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
                               "--log-level", "warning", "greenmap.wsgi:application"], cwd=ROOT, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(f"{base_url}/api/v1/species/?page_size=1")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start serving the API") from None
                time.sleep(0.3)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(trees: int) -> dict:
    url = ensure_demo_city(trees=trees)
    connection = connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")  # as Django's connection: the same timestamps, byte for byte

    def query(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    try:
        bbox = bbox_holding(query, at_least=FEATURES)
        with served_api(url) as base_url:
            results = measure(base_url=base_url, query=query, bbox=bbox, features=FEATURES, repeat=REPEAT)
        ids = feature_ids(query(REFERENCE_SQL["json_agg"], [*results["bbox"], FEATURES])[0])
    finally:
        connection.close()
    results["naive_drf_gis_s"] = round(_naive_on(url, ids), 3)
    results |= {"trees_in_city": trees, "api_through": "HTTP to gunicorn (1 sync worker) on 127.0.0.1",
                "target_ratio": 2.0}
    save_results("api", results)
    return results


def _naive_on(database_url: str, ids: list[int]) -> float:
    """`naive_drf_gis_seconds` in a child process pointed at the benchmark database."""
    code = ("import json, sys, django; django.setup(); "
            "from tests.benchmarks.bench_api import naive_drf_gis_seconds; "
            "print(naive_drf_gis_seconds(json.load(sys.stdin)))")
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false",
           "DJANGO_SETTINGS_MODULE": "greenmap.settings"}
    done = subprocess.run([sys.executable, "-c", code], input=json.dumps(ids), env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])
