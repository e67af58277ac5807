"""Vector tiles on the one-million-tree city, over a fixed set of tiles from
z10 to z18 across the city (centre, edges, the densest forest parks; trees
with and without filters, areas, reports).

For every tile, in the same run and on the same database connection:
* raw SQL: the tile's own statement as the app builds it (`ST_AsMVT` with
  its parameters, without the version lookup the app wraps around it), run
  through a bare psycopg2 cursor: the reference;
* app, uncached: a full Django request (middleware, URL routing, filters,
  connection health check, version and tile in one statement, ETag,
  response) with the server-side tile cache emptied;
* app, warm server cache, and app, 304 revalidation (If-None-Match): both
  still ask the database whether the layer's version is current.
Each tile is measured `repeat` times (median kept) after one warm-up pass.
For context, z10-z14 tiles at the centre are also built by direct
aggregation of the trees (what the precomputed cells replace).

Requests go in-process through Django's WSGI handler, the entry point a
WSGI server such as gunicorn calls, so HTTP parsing is left out in every
mode alike. The database connection is kept for the whole run (settings
keep it 60 s, with a health check per request, which is measured): without
persistent connections each request took 20 ms more.

The limits concern the trees tiles (the million trees); areas (30 shapes)
and reports (a few hundred) are reported alongside: their SQL takes 0.4 to
0.6 ms, so Django's own request handling (0.2 ms) and the version check
weigh more there."""
from __future__ import annotations

import io
import statistics
import time

from tests.benchmarks.common import ensure_demo_city, percentile, save_results

ZOOMS = range(10, 19)
# (name, lon, lat). The forest parks hold the densest tiles (31,000 trees at z15).
PLACES = [("centre", 74.6000, 42.8700), ("Ala-Too Square", 74.6036, 42.8764),
          ("Southern Forest Park", 74.6000, 42.8150), ("Northern Forest Park", 74.5500, 42.9050),
          ("Gareev Botanical Garden", 74.6420, 42.8500), ("west", 74.5000, 42.8650),
          ("east", 74.6900, 42.8700), ("north", 74.6000, 42.9200)]
FILTERS = ["species={elm}", "condition=poor,critical&status=alive"]
# As tiles_current_tile sets them (migration 0002).
TUNING = "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0;"
LIMITS = {"max_tile_kb": 500, "median_ratio_to_raw_sql": 1.3, "p95_uncached_ms": 150, "warm_throughput_ratio": 10}


def tile_set(*, places=PLACES, zooms=ZOOMS, elm_id: int) -> list[tuple[str, str]]:
    """(group, URL) of every tile measured, without repeats."""
    from tiles.grid import tile_containing

    tiles = {}
    for zoom in zooms:
        group = "trees z10-14 (cells)" if zoom <= 14 else "trees z15-18"
        for index, (_, lon, lat) in enumerate(places):
            x, y = tile_containing(lon, lat, zoom)
            tiles.setdefault(f"/tiles/trees/{zoom}/{x}/{y}.pbf", group)
            if index < 3:  # centre, square, densest park: filtered, areas, reports
                for query in FILTERS:
                    tiles.setdefault(f"/tiles/trees/{zoom}/{x}/{y}.pbf?{query.format(elm=elm_id)}", "trees filtered")
                tiles.setdefault(f"/tiles/areas/{zoom}/{x}/{y}.pbf", "areas")
                tiles.setdefault(f"/tiles/reports/{zoom}/{x}/{y}.pbf", "reports")
    return [(group, url) for url, group in tiles.items()]


def use_database(url: str) -> None:
    """Point this process's Django at the benchmark database, as production
    runs: DEBUG off (no query log)."""
    import dj_database_url
    from django.conf import settings
    from django.db import connections

    settings.DEBUG = False
    config = dj_database_url.parse(url)
    connection = connections["default"]
    connection.close()
    connection.settings_dict.update({key: config[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")})


def _raw_tile_sql(raw_cursor, url: str) -> str:
    """The tile's own SQL (`ST_AsMVT`), as the app builds it for `url`, with
    its parameters in place; without the app's version lookup around it."""
    from django.http import QueryDict

    from tiles.addresses import tile_address
    from tiles.layers import layer_named

    path, _, query = url.partition("?")
    layer_name, z, x, y = path.removeprefix("/tiles/").removesuffix(".pbf").split("/")
    layer = layer_named(layer_name)
    tile_query = layer.tile_query(tile_address(z, x, y), layer.read_filters(QueryDict(query)))
    return raw_cursor.mogrify(f"{TUNING} {tile_query.sql}", tile_query.params).decode()


class WSGIClient:
    """GET requests straight into Django's WSGI handler."""

    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()

    def get(self, url: str, **headers) -> tuple[int, dict, bytes]:
        path, _, query = url.partition("?")
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "localhost",
                   "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.input": io.BytesIO(b""),
                   "wsgi.url_scheme": "http", **{f"HTTP_{name.upper()}": value for name, value in headers.items()}}
        started = {}
        body = b"".join(self.handler(environ, lambda status, header_list, exc_info=None: started.update(
            status=int(status.split()[0]), headers=dict(header_list))))
        return started["status"], started["headers"], body


def _ms(function) -> tuple[float, object]:
    started = time.perf_counter()
    value = function()
    return (time.perf_counter() - started) * 1000, value


def _measure_tile(client, raw_cursor, url: str, sql: str) -> dict:
    from tiles.caching import tile_cache

    def raw():
        raw_cursor.execute(sql)
        return raw_cursor.fetchone()

    raw_ms, _ = _ms(raw)
    tile_cache().clear()
    app_ms, (status, headers, body) = _ms(lambda: client.get(url))
    assert status == 200, (url, status, body[:300])
    cached_ms, (status, _, cached_body) = _ms(lambda: client.get(url))
    assert status == 200 and cached_body == body, url
    revalidated_ms, (status, _, _) = _ms(lambda: client.get(url, if_none_match=headers["ETag"]))
    assert status == 304, (url, status)
    return {"raw": raw_ms, "app": app_ms, "cached": cached_ms, "revalidated": revalidated_ms, "bytes": len(body)}


def _direct_aggregation_ms(cursor, zoom: int, x: int, y: int) -> float:
    """What an aggregated tile costs straight from the trees (no cells)."""
    sql = """SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0;
        WITH tile AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS envelope)
        SELECT ST_AsMVT(cell, 'trees', 4096, 'geom') FROM (
            SELECT count(*) AS count, ST_AsMVTGeom(ST_Centroid(ST_Collect(point)), envelope) AS geom
            FROM (SELECT ST_Transform(t.location, 3857) AS point FROM trees_tree t, tile
                  WHERE t.location && ST_Transform(envelope, 4326) AND t.status <> 'withdrawn') found, tile
            GROUP BY ST_SnapToGrid(point, (ST_XMax(envelope) - ST_XMin(envelope)) / 8), envelope) cell"""
    return _ms(lambda: (cursor.execute(sql, {"z": zoom, "x": x, "y": y}), cursor.fetchone()))[0]


def _summary(rows: list[dict]) -> dict:
    raw, app = [r["raw"] for r in rows], [r["app"] for r in rows]
    # Tiles per second, one request after another, in each mode.
    seconds = {mode: sum(row[mode] for row in rows) / 1000 for mode in ("app", "cached", "revalidated")}
    return {"tiles": len(rows), "raw_sql_median_ms": round(statistics.median(raw), 2),
            "app_median_ms": round(statistics.median(app), 2),
            "median_ratio_to_raw_sql": round(statistics.median(app) / statistics.median(raw), 3),
            "app_p95_ms": round(percentile(app, 0.95), 2), "raw_sql_p95_ms": round(percentile(raw, 0.95), 2),
            "app_max_ms": round(max(app), 2), "largest_tile_kb": round(max(r["bytes"] for r in rows) / 1024, 1),
            "tiles_per_s_uncached": round(len(rows) / seconds["app"], 1),
            "tiles_per_s_warm_server_cache": round(len(rows) / seconds["cached"], 1),
            "tiles_per_s_revalidated_304": round(len(rows) / seconds["revalidated"], 1),
            "warm_cache_throughput_ratio": round(seconds["app"] / seconds["cached"], 1),
            "revalidation_throughput_ratio": round(seconds["app"] / seconds["revalidated"], 1)}


def measure(tiles: list[tuple[str, str]], *, repeat: int = 3, direct_aggregation_zooms=()) -> dict:
    """Run the measurements described in the module docstring."""
    from django.db import connection

    # One connection for the run: the raw cursor lives on it.
    kept_max_age, connection.settings_dict["CONN_MAX_AGE"] = connection.settings_dict["CONN_MAX_AGE"], None
    connection.close()  # reopened with the new setting
    try:
        return _measure(tiles, repeat=repeat, direct_aggregation_zooms=direct_aggregation_zooms)
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = kept_max_age


def _measure(tiles, *, repeat, direct_aggregation_zooms) -> dict:
    from django.db import connection

    from tiles.grid import tile_containing

    client = WSGIClient()
    connection.ensure_connection()
    raw_cursor = connection.connection.cursor()
    sql = {url: _raw_tile_sql(raw_cursor, url) for _, url in tiles}
    for _, url in tiles:  # warm-up pass
        raw_cursor.execute(sql[url])
        client.get(url)
    runs = {url: [] for _, url in tiles}
    for _ in range(repeat):
        for _, url in tiles:
            runs[url].append(_measure_tile(client, raw_cursor, url, sql[url]))
    rows = [{"group": group, "url": url, **{key: statistics.median(run[key] for run in runs[url])
                                            for key in ("raw", "app", "cached", "revalidated", "bytes")}}
            for group, url in tiles]
    results = {
        # The million trees are what the limits are about; areas (30 shapes)
        # and reports (a few hundred) are reported alongside.
        "trees_tiles": _summary([r for r in rows if r["group"].startswith("trees")]),
        "all_tiles": _summary(rows),
        "by_group": {group: _summary([r for r in rows if r["group"] == group])
                     for group in dict.fromkeys(r["group"] for r in rows)},
        "limits": LIMITS,
        "tiles": [{key: (round(value, 2) if isinstance(value, float) else value) for key, value in row.items()}
                  for row in rows],
    }
    centre_lon, centre_lat = PLACES[0][1:]
    results["direct_aggregation_ms_at_centre"] = {
        f"z{zoom}": round(_direct_aggregation_ms(raw_cursor, zoom, *tile_containing(centre_lon, centre_lat, zoom)), 1)
        for zoom in direct_aggregation_zooms}
    raw_cursor.close()
    return results


def run(trees: int) -> dict:
    from trees.models import Species

    use_database(ensure_demo_city(trees=trees))
    elm_id = Species.objects.get(scientific_name="Ulmus pumila").pk
    results = {"trees": trees, **measure(tile_set(elm_id=elm_id), repeat=3, direct_aggregation_zooms=range(10, 15))}
    path = save_results("tiles", results)
    print(f"per-tile figures in {path}")
    return {key: value for key, value in results.items() if key != "tiles"}
