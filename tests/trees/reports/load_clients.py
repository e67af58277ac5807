"""Simulated clients for the report load test (tests/benchmarks/
bench_reports_load.py): phones filing reports through Open311, each from a
loopback address of its own, and map readers, all over real HTTP."""
from __future__ import annotations

import http.client
import io
import json
import math
import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from PIL import Image

from tests.benchmarks.common import percentile
from tests.trees.reports.open311_client import multipart

CATEGORIES = ["damaged", "sick", "dangerous", "felled", "dead", "other"]


@dataclass
class Outcome:
    key: str
    sender: str
    status: int
    seconds: float
    request_id: str | None
    retry: bool = False


@dataclass
class Reads:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, status: int, seconds: float) -> None:
        self.latencies.setdefault(name, []).append(seconds)
        if status >= 400:
            self.failures[name] = self.failures.get(name, 0) + 1

    def p95_ms(self) -> float | None:
        everything = [s for values in self.latencies.values() for s in values]
        return round(percentile(everything, 0.95) * 1000, 1) if everything else None

    def summary(self) -> dict:
        return {name: {"requests": len(values), "failed": self.failures.get(name, 0),
                       "p50_ms": round(percentile(values, 0.5) * 1000, 1),
                       "p95_ms": round(percentile(values, 0.95) * 1000, 1)}
                for name, values in sorted(self.latencies.items())}


def small_photo() -> bytes:
    """A phone-like JPEG of about 40 KB, with noise so it does not compress away."""
    image = Image.effect_noise((480, 360), 60).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def request(port: int, method: str, path: str, *, source: str = "127.0.0.1", body: bytes | None = None,
             headers: dict | None = None) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), time.perf_counter() - started
    finally:
        connection.close()


def sender_address(network: int, number: int) -> str:
    """A loopback address of its own for each phone: 127.network.x.y."""
    return f"127.{network}.{1 + number // 250}.{1 + number % 250}"


def submit(port: int, *, sender: str, key: str, fields: dict, photo: bytes | None, retry: bool = False) -> Outcome:
    body, content_type = multipart(fields, {"media": ("phone.jpg", photo, "image/jpeg")} if photo else {})
    status, answer, seconds = request(port, "POST", "/open311/v2/requests.json", source=sender, body=body,
                                       headers={"Content-Type": content_type, "Idempotency-Key": key})
    request_id = json.loads(answer)[0]["service_request_id"] if status == 201 else None
    return Outcome(key, sender, status, seconds, request_id, retry)


def reader_paths(points: list[tuple[float, float]], rng: random.Random) -> tuple[str, str]:
    """One read of the map or the API near a random tree, as (name, path)."""
    lon, lat = rng.choice(points)
    zoom = 16
    x = int((lon + 180) / 360 * 2 ** zoom)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * 2 ** zoom)
    choices = [
        ("tiles/trees z16", f"/tiles/trees/{zoom}/{x}/{y}.pbf"),
        ("tiles/reports z14", f"/tiles/reports/14/{x // 4}/{y // 4}.pbf"),
        ("api/v1/trees bbox", f"/api/v1/trees/?bbox={lon - 0.002},{lat - 0.0015},{lon + 0.002},{lat + 0.0015}"),
        ("open311 requests", "/open311/v2/requests.json?status=open"),
        ("statistics reports", "/statistics/reports.json"),
    ]
    return rng.choice(choices)


def read_until(port: int, stop: threading.Event, points, reads: Reads, seed: int) -> None:
    rng = random.Random(seed)
    while not stop.is_set():
        name, path = reader_paths(points, rng)
        status, _, seconds = request(port, "GET", path)
        reads.add(name, status, seconds)


def phone(port, network, number, plan, points, photo, run_tag, deadline, rng_seed, reports):
    """One phone: files its reports one after another; some are resent while
    the first attempt is in flight."""
    rng = random.Random(rng_seed)
    sender = sender_address(network, number)
    outcomes = []
    for _ in range(reports):
        if time.monotonic() > deadline:
            break
        lon, lat = rng.choice(points)
        fields = {"service_code": rng.choice(CATEGORIES), "lat": f"{lat + rng.uniform(-4e-5, 4e-5):.7f}",
                  "long": f"{lon + rng.uniform(-4e-5, 4e-5):.7f}", "email": f"phone{number}@example.org",
                  "description": f"{run_tag} <b>load</b> test report from {sender}"}
        key = f"load-{uuid.uuid4().hex}"
        with_photo = photo if rng.random() < plan.photo_share else None
        if rng.random() < plan.retry_share:
            with ThreadPoolExecutor(2) as pair:
                first = pair.submit(submit, port, sender=sender, key=key, fields=fields, photo=with_photo)
                time.sleep(rng.uniform(0, 0.05))
                second = pair.submit(submit, port, sender=sender, key=key, fields=fields, photo=with_photo,
                                     retry=True)
                outcomes += [first.result(), second.result()]
        else:
            outcomes.append(submit(port, sender=sender, key=key, fields=fields, photo=with_photo))
    return outcomes
