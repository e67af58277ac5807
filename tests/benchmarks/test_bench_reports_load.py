"""The report load test works end to end on a small city: a real gunicorn,
concurrent submissions from distinct loopback senders with retries and
photos, readers alongside, and the exactly-once checks (no timing asserted)."""
from django.db import connection

from greenmap.demo.loader import load_demo
from tests.benchmarks.bench_reports_load import SMOKE, load_test, sender_limit, start_server, stop_server
from tests.benchmarks.common import bench_database_url


def test_load_test_files_every_accepted_report_exactly_once(transactional_db, tmp_path):
    load_demo(trees=2000, reports=10)
    database_url = bench_database_url(connection.settings_dict["NAME"])
    server, port = start_server(database_url, str(tmp_path), workers=2)
    try:
        results = load_test(port=port, database_url=database_url, plan=SMOKE)
    finally:
        stop_server(server)

    assert all(results["checks"].values()), results["checks"]
    expected = SMOKE.senders * SMOKE.reports_per_sender + sender_limit()
    for phase in ("submissions_alone", "submissions_with_reads"):
        figures = results[phase]
        assert figures["distinct_reports_accepted"] == expected
        assert figures["over_limit_refused_429"] == SMOKE.over_limit
        assert set(figures["http_statuses"]) == {"201", "429"}
        assert figures["reports_per_second"] > 0 and figures["submission_p95_ms"] > 0
    assert results["checks"]["stored_reports"] == 2 * expected
    for phase in ("reads_alone", "reads_with_submissions"):
        assert sum(r["requests"] for r in results[phase].values()) > 0
        assert {name: r["failed"] for name, r in results[phase].items() if r["failed"]} == {}
