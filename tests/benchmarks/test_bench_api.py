"""Runs the API benchmark's own code on a small city: the app served by
gunicorn against the test database, the reference SQL, the comparison of
what both return, and the naive serializer. Timings are not judged here
(`./dev.sh bench api` does that on a million trees)."""
import pytest
from django.db import connection

from tests.benchmarks import bench_api
from tests.benchmarks.common import bench_database_url
from tests.factories import actor, elm, make_city, make_tree, make_user, west_point


def query(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_benchmark_measures_the_api_against_one_sql_statement():
    make_city()
    by = actor(make_user("surveyor"))
    for n in range(40):
        make_tree(west_point(dx=(n % 8) * 0.0005, dy=(n // 8) * 0.0005), by=by, species=elm(), height_m=3 + n % 5)
    bbox = bench_api.bbox_holding(query, at_least=25)

    with bench_api.served_api(bench_database_url(connection.settings_dict["NAME"])) as base_url:
        results = bench_api.measure(base_url=base_url, query=query, bbox=bbox, features=25, repeat=2)
    ids = bench_api.feature_ids(query(bench_api.REFERENCE_SQL["string_agg"], [*results["bbox"], 25])[0])

    # measure() has already checked that the API and each statement return the same Features.
    assert results["features"] == 25 and results["sql_reference"] in bench_api.REFERENCE_SQL
    assert all(len(times) == 2 for times in results["runs_s"].values())
    assert results["request"].startswith("/api/v1/trees/?bbox=") and results["response_bytes"] > 25 * 300
    assert bench_api.naive_drf_gis_seconds(ids, repeat=1) > 0
