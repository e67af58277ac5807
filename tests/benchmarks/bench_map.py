"""Time to first trees drawn on the web map, in Chromium, on the
one-million-tree city. For each view a fresh browser context (cold cache)
opens the map; we read when Leaflet finished loading the page's map
(reference: the page itself) and when the trees layer drew its first full
set of tiles, and report both and their ratio."""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.benchmarks.common import ensure_demo_city, save_results

ROOT = Path(__file__).resolve().parents[2]
# (name, lat, lon, zoom): the whole city, a district, a street.
VIEWS = [("city z12", 42.8746, 74.6122, 12), ("district z14", 42.8700, 74.5900, 14),
         ("quarter z16", 42.8760, 74.6040, 16), ("street z18", 42.8764, 74.6036, 18)]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run",
                 # A closed network: outside hosts (the basemap) fail at once. Done in the
                 # resolver, not by intercepting requests, which would add latency to every tile.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]


def measure_views(base_url: str, *, views=VIEWS, repeat: int = 3, browser=None) -> dict:
    """Median milliseconds to the map page's load event and to first trees
    drawn, per view. Launches its own Chromium unless given one."""
    if browser is None:
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            try:
                return measure_views(base_url, views=views, repeat=repeat, browser=launched)
            finally:
                launched.close()
    results = {}
    for name, lat, lon, zoom in views:
        page_ms, trees_ms = [], []
        for _ in range(repeat):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(f"{base_url}/?lat={lat}&lon={lon}&zoom={zoom}", wait_until="load")
            page.wait_for_function("() => window.greenmap && window.greenmap.timings.firstTreesDrawn",
                                   timeout=60000)
            timing = page.evaluate("""() => ({
                page: performance.getEntriesByType('navigation')[0].loadEventEnd,
                trees: window.greenmap.timings.firstTreesDrawn })""")
            page_ms.append(timing["page"])
            trees_ms.append(timing["trees"])
            context.close()
        page_median, trees_median = statistics.median(page_ms), statistics.median(trees_ms)
        results[name] = {"page_loaded_ms": round(page_median), "first_trees_drawn_ms": round(trees_median),
                         "ratio_to_page_load": round(trees_median / page_median, 2)}
    return results


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(trees: int) -> dict:
    url = ensure_demo_city(trees=trees)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true", "LOG_LEVEL": "ERROR"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "greenmap.wsgi:application",
                               "--bind", f"127.0.0.1:{port}", "--workers", "3", "--threads", "4"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base_url + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        results = {"trees": trees, "server": "gunicorn, 3 workers x 4 threads", "views": measure_views(base_url)}
    finally:
        server.terminate()
        server.wait(timeout=10)
    save_results("map", results)
    return results
