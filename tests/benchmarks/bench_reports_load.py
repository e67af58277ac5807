"""Citizen reports under load, on loopback, against a real server process
(gunicorn, as in production) on the one-million-tree city.

Many phones file reports through Open311 at once, each from its own
loopback address (127.N.x.y, so the per-sender rate limit sees distinct
senders), some with a photo, some retried with the same idempotency key
while the first attempt is still in flight (a phone on a bad network), one
of them past its rate limit; map and API readers fetch tiles, trees, the
Open311 list and statistics. Three phases, each bounded in count and time:
readers alone, submissions alone (the references), both together. Then the
database is checked: every report a client was told was accepted is stored
exactly once, nothing else was stored. Reported: reports/s and latency
percentiles, each against its reference.

The benchmark uses its own database (REPORTS_BENCH_DATABASE_NAME, default
greenmap_bench_reports): reports cannot be deleted afterwards (their status
events are append-only), so runs must not pile them into the shared one."""
from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.common import bench_database_url, connect, ensure_demo_city, percentile, save_results
from tests.trees.reports.load_clients import Outcome, Reads, phone, read_until, request, small_photo

ROOT = Path(__file__).resolve().parents[2]
REPORTS_BENCH_DATABASE = os.environ.get("REPORTS_BENCH_DATABASE_NAME", "greenmap_bench_reports")


@dataclass(frozen=True)
class LoadPlan:
    senders: int              # phones, each with its own loopback address
    reports_per_sender: int   # at most the rate limit (REPORT_RATE_LIMIT, 10 by default)
    retry_share: float        # submissions sent a second time, concurrently, with the same key
    photo_share: float        # submissions carrying a photo
    readers: int              # threads reading tiles, API, Open311 and statistics meanwhile
    baseline_seconds: float   # readers alone first: their reference latency
    seconds_limit: float      # the submissions stop when this is over
    over_limit: int           # one extra sender files this many beyond its limit (expects 429)


FULL = LoadPlan(senders=48, reports_per_sender=10, retry_share=0.15, photo_share=0.2, readers=4,
                baseline_seconds=20, seconds_limit=240, over_limit=5)
SMOKE = LoadPlan(senders=6, reports_per_sender=3, retry_share=0.3, photo_share=0.3, readers=2,
                 baseline_seconds=2, seconds_limit=60, over_limit=2)


def tree_points(database_url: str, count: int, seed: float = 0.5) -> list[tuple[float, float]]:
    """Locations near random standing trees of the benchmark city."""
    with connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute("""SELECT ST_X(location), ST_Y(location) FROM trees_tree
                          WHERE status = 'alive' ORDER BY random() LIMIT %s""", [count])
        points = cursor.fetchall()
    if not points:
        raise RuntimeError("the benchmark city has no standing trees to report")
    return points


def verify(database_url: str, outcomes: list[Outcome], run_tag: str) -> dict:
    """What the database holds for this run against what clients were told."""
    accepted = [o for o in outcomes if o.status == 201]
    keys = {o.key for o in accepted}
    ids_by_key = {}
    for outcome in accepted:
        ids_by_key.setdefault(outcome.key, set()).add(outcome.request_id)
    with connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT idempotency_key, tracking_code FROM trees_citizenreport WHERE description LIKE %s",
                       [f"{run_tag}%"])
        stored = cursor.fetchall()
    stored_keys = [k for k, _ in stored]
    codes = dict(stored)
    return {
        "accepted_keys": len(keys),
        "stored_reports": len(stored),
        "every_accepted_report_stored": keys <= set(stored_keys),
        "each_stored_once": len(stored_keys) == len(set(stored_keys)),
        "nothing_stored_that_was_not_accepted": set(stored_keys) <= keys,
        "retries_answered_with_the_same_report": all(len(ids) == 1 and codes.get(k) in ids
                                                     for k, ids in ids_by_key.items()),
    }


def _read_phase(port, points, reads: Reads, readers: int, seed: int) -> tuple[threading.Event, list]:
    stop = threading.Event()
    threads = [threading.Thread(target=read_until, args=(port, stop, points, reads, seed + i)) for i in range(readers)]
    for thread in threads:
        thread.start()
    return stop, threads


def _end_reads(stop: threading.Event, threads: list) -> None:
    stop.set()
    for thread in threads:
        thread.join()


def _submission_phase(port, plan, points, photo, run_tag, *, phase: int, limit: int) -> dict:
    """All phones at once, plus one filing past its limit; bounded by the
    plan's time limit. Senders get addresses no earlier run used this hour."""
    network = 2 + int(time.time() // 60) % 250  # a new 127.N.0.0/16 each minute
    base = phase * 10 * 250
    deadline = time.monotonic() + plan.seconds_limit
    greedy_plan = dataclasses.replace(plan, retry_share=0, photo_share=0)  # refusals stay countable
    started = time.perf_counter()
    with ThreadPoolExecutor(plan.senders + 1) as phones:
        runs = [phones.submit(phone, port, network, base + n, plan, points, photo, run_tag, deadline,
                              phase * 1000 + n, plan.reports_per_sender) for n in range(plan.senders)]
        greedy = phones.submit(phone, port, network, base + plan.senders, greedy_plan, points, None, run_tag,
                               deadline, phase * 1000 + 999, limit + plan.over_limit)
        outcomes = [o for run in runs for o in run.result()]
        greedy_outcomes = greedy.result()
    elapsed = time.perf_counter() - started
    everything = outcomes + greedy_outcomes
    accepted_keys = {o.key for o in everything if o.status == 201}
    latencies = [o.seconds for o in everything]
    statuses: dict[str, int] = {}
    for outcome in everything:
        statuses[str(outcome.status)] = statuses.get(str(outcome.status), 0) + 1
    return {"outcomes": everything, "submissions": len(everything), "http_statuses": dict(sorted(statuses.items())),
            "distinct_reports_accepted": len(accepted_keys),
            "over_limit_refused_429": sum(1 for o in greedy_outcomes if o.status == 429),
            "seconds": round(elapsed, 2), "reports_per_second": round(len(accepted_keys) / elapsed, 1),
            "submission_p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
            "submission_p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
            "submission_max_ms": round(max(latencies) * 1000, 1)}


def load_test(*, port: int, database_url: str, plan: LoadPlan) -> dict:
    """Run the plan against a server listening on 127.0.0.1:`port`: readers
    alone, submissions alone (the references), then both together."""
    limit = sender_limit()
    if plan.reports_per_sender > limit:
        raise ValueError(f"{plan.reports_per_sender} reports per sender is more than the server's limit of {limit}")
    points = tree_points(database_url, 2000)
    photo = small_photo()
    run_tag = f"load-run-{uuid.uuid4().hex[:12]}"

    reads_alone = Reads()
    stop, threads = _read_phase(port, points, reads_alone, plan.readers, seed=0)
    time.sleep(plan.baseline_seconds)
    _end_reads(stop, threads)

    alone = _submission_phase(port, plan, points, photo, run_tag, phase=0, limit=limit)

    reads_loaded = Reads()
    stop, threads = _read_phase(port, points, reads_loaded, plan.readers, seed=100)
    together = _submission_phase(port, plan, points, photo, run_tag, phase=1, limit=limit)
    _end_reads(stop, threads)

    checks = verify(database_url, alone.pop("outcomes") + together.pop("outcomes"), run_tag)
    reads_alone_p95, reads_loaded_p95 = reads_alone.p95_ms(), reads_loaded.p95_ms()
    return {
        "plan": plan.__dict__, "submissions_alone": alone, "submissions_with_reads": together,
        "reports_per_second": together["reports_per_second"], "submission_p95_ms": together["submission_p95_ms"],
        "submission_p95_ratio_with_reads": round(together["submission_p95_ms"] / alone["submission_p95_ms"], 2),
        "reads_alone_p95_ms": reads_alone_p95, "reads_with_submissions_p95_ms": reads_loaded_p95,
        "reads_p95_ratio_with_submissions": round(reads_loaded_p95 / reads_alone_p95, 2)
        if reads_alone_p95 and reads_loaded_p95 else None,
        "reads_alone": reads_alone.summary(), "reads_with_submissions": reads_loaded.summary(),
        "checks": checks,
    }


def sender_limit() -> int:
    """The server's reports-per-sender limit (same settings as this process)."""
    from trees.services.rate_limits import report_limit

    return report_limit()[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database_url: str, media_root: str, *, workers: int = 4, threads: int = 1):
    """gunicorn serving the app on a free loopback port, shaped as in the
    production image (4 synchronous workers); (process, port)."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "MEDIA_ROOT": media_root, "LOG_LEVEL": "ERROR"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "greenmap.wsgi:application",
                               "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
                               "--timeout", "60"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    for _ in range(300):
        try:
            if request(port, "GET", "/open311/v2/services.json")[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError(f"the server did not start: {server.stderr.read().decode()[-2000:]}")


def stop_server(server) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def run(trees: int, plan: LoadPlan = FULL) -> dict:
    url = ensure_demo_city(trees=trees, database_url=bench_database_url(REPORTS_BENCH_DATABASE))
    with tempfile.TemporaryDirectory(prefix="greenmap-load-media-") as media_root:
        server, port = start_server(url, media_root)
        try:
            results = {"trees": trees, "server": "gunicorn, 4 sync workers (as the production image)",
                       **load_test(port=port, database_url=url, plan=plan)}
        finally:
            stop_server(server)
    save_results("reports_load", results)
    return results
