"""Checks that need the inventory, run as set-based SQL over the staged rows
(through `trees.services.bulk` wherever trees tables are read): is the
point inside a municipality (and if not, would it be with latitude and
longitude swapped); which known trees are near it; and so what the row
does. The verdict per row lands in temp table `survey_decisions`."""
from __future__ import annotations

import logging
import time

from django.db import connection

from imports.staging import TABLE
from trees.services import bulk, bulk_places

logger = logging.getLogger(__name__)


def _execute(statement: str, params: dict | None = None) -> None:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(statement, params or {})
    logger.debug("%.2f s: %s", time.perf_counter() - started, " ".join(statement.split())[:90])


def run_checks(*, match_distance_m: float) -> None:
    """Place, match and decide every staged row (temp tables survey_*)."""
    # Compiling each statement for a million rows costs more than it saves;
    # hashing a million rows in memory is worth a few hundred megabytes.
    _execute("SET LOCAL jit = off; SET LOCAL work_mem = '256MB'")
    # A known tree of the species at exactly the row's point is the row's own
    # tree (a file imported again finds each of its trees there), whatever
    # else stands near, and its municipality is the tree's; only the other
    # rows need placing and the search by distance.
    bulk.trees_at_points(rows=TABLE, into="survey_same_point")
    _execute(f"""
        DROP TABLE IF EXISTS survey_to_search;
        CREATE TEMP TABLE survey_to_search ON COMMIT DROP AS
        SELECT r.row_number, r.location, r.species_id FROM {TABLE} r
        WHERE r.location IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM survey_same_point p WHERE p.row_number = r.row_number AND p.trees = 1);
        ANALYZE survey_to_search;
    """)
    bulk_places.locate_points(rows="survey_to_search", into="survey_placed")
    _execute("""
        DROP TABLE IF EXISTS survey_located;
        CREATE TEMP TABLE survey_located ON COMMIT DROP AS
        SELECT row_number, municipality_id FROM survey_placed
        UNION ALL
        SELECT row_number, municipality_id FROM survey_same_point WHERE trees = 1;
        ANALYZE survey_located;
    """)
    # Rows outside every municipality, read the other way round (only rows
    # that were searched can be outside: a row at a known tree is placed).
    _execute(f"""
        DROP TABLE IF EXISTS survey_swapped_points;
        CREATE TEMP TABLE survey_swapped_points ON COMMIT DROP AS
        SELECT r.row_number,
               coalesce(r.swapped, CASE WHEN r.point_crs = 4326 THEN ST_FlipCoordinates(r.location) END) AS location
        FROM survey_to_search s JOIN {TABLE} r USING (row_number)
        WHERE NOT EXISTS (SELECT 1 FROM survey_placed p WHERE p.row_number = s.row_number)
    """)
    bulk_places.locate_points(rows="survey_swapped_points", into="survey_swapped_located")
    bulk.trees_near(rows="survey_to_search", into="survey_near", distance_m=match_distance_m)
    bulk.trees_by_id(rows=TABLE, into="survey_named")
    _decide()


def _decide() -> None:
    _execute(f"""
        DROP TABLE IF EXISTS survey_decisions;
        CREATE TEMP TABLE survey_decisions ON COMMIT DROP AS
        WITH near AS (
            SELECT n.row_number,
                   array_agg(n.tree_id ORDER BY n.distance_m, n.tree_id) FILTER (WHERE same) AS same_ids,
                   array_agg(n.distance_m ORDER BY n.distance_m, n.tree_id) FILTER (WHERE same) AS same_distances,
                   array_agg(n.tree_id ORDER BY n.distance_m, n.tree_id) FILTER (WHERE NOT same) AS other_ids,
                   array_agg(n.distance_m ORDER BY n.distance_m, n.tree_id) FILTER (WHERE NOT same) AS other_distances,
                   array_agg(n.species_id ORDER BY n.distance_m, n.tree_id) FILTER (WHERE NOT same) AS other_species
            FROM (SELECT n.*, n.species_id IS NOT DISTINCT FROM r.species_id AS same
                  FROM survey_near n JOIN {TABLE} r USING (row_number)) n
            GROUP BY n.row_number
        )
        SELECT r.row_number, l.municipality_id, s.municipality_id AS swapped_municipality_id,
               r.inventory_tree_id, nm.tree_id AS named_tree_id, nm.status AS named_status,
               nm.distance_m AS named_distance_m, nm.species_id AS named_species_id,
               near.same_ids, near.same_distances, near.other_ids, near.other_distances, near.other_species,
               v.verdict,
               CASE WHEN v.verdict = 'match' THEN coalesce(nm.tree_id, sp.tree_id, near.same_ids[1])
                    WHEN v.verdict = 'held' THEN near.same_ids[1] END AS tree_id,
               NULL::integer[] AS shared_with
        FROM {TABLE} r
        LEFT JOIN survey_located l USING (row_number)
        LEFT JOIN survey_swapped_located s USING (row_number)
        LEFT JOIN survey_named nm USING (row_number)
        LEFT JOIN (SELECT row_number, tree_id FROM survey_same_point WHERE trees = 1) sp USING (row_number)
        LEFT JOIN near USING (row_number)
        CROSS JOIN LATERAL (SELECT CASE
            WHEN r.rejected OR l.municipality_id IS NULL THEN 'rejected'
            WHEN r.inventory_tree_id IS NOT NULL THEN
                CASE WHEN nm.tree_id IS NULL OR nm.status IN ('withdrawn', 'removed') THEN 'rejected' ELSE 'match' END
            WHEN sp.tree_id IS NOT NULL THEN 'match'
            WHEN near.same_ids IS NULL THEN 'create'
            WHEN cardinality(near.same_ids) = 1 THEN 'match'
            ELSE 'held' END AS verdict) v;
        ANALYZE survey_decisions;
    """)
    # Two rows claiming one tree: neither may overwrite the other.
    _execute("""
        UPDATE survey_decisions d SET verdict = 'held', shared_with = c.rows
        FROM (SELECT tree_id, array_agg(row_number ORDER BY row_number) AS rows FROM survey_decisions
              WHERE verdict = 'match' GROUP BY tree_id HAVING count(*) > 1) c
        WHERE d.verdict = 'match' AND d.tree_id = c.tree_id
    """)
    _execute(f"""
        DROP TABLE IF EXISTS survey_matched;
        CREATE TEMP TABLE survey_matched ON COMMIT DROP AS
        SELECT r.row_number, d.tree_id, r.status, r.planted_year, r.trunk_diameter_cm, r.height_m,
               r.crown_diameter_m, r.address, r.condition, r.defects, r.observed_at, r.notes
        FROM {TABLE} r JOIN survey_decisions d USING (row_number) WHERE d.verdict = 'match';
        DROP TABLE IF EXISTS survey_creates;
        CREATE TEMP TABLE survey_creates ON COMMIT DROP AS
        SELECT r.* FROM {TABLE} r JOIN survey_decisions d USING (row_number) WHERE d.verdict = 'create';
        ANALYZE survey_matched;
        ANALYZE survey_creates;
    """)


def compare_matched(*, lock: bool) -> None:
    """What each matched row would change (temp table `survey_compared`).
    A commit then locks the trees it will change and compares those again,
    so that what it writes as 'old' values stays true until written."""
    bulk.compare_with_trees(rows="survey_matched", into="survey_compared")
    if not lock:
        return
    _execute("""
        DROP TABLE IF EXISTS survey_changing;
        CREATE TEMP TABLE survey_changing ON COMMIT DROP AS
        SELECT m.* FROM survey_matched m JOIN survey_compared c USING (row_number)
        WHERE c.changes <> '{}' OR c.new_record
    """)
    bulk.lock_trees(rows="survey_changing")
    bulk.compare_with_trees(rows="survey_changing", into="survey_recompared")
    _execute("""
        DELETE FROM survey_compared WHERE row_number IN (SELECT row_number FROM survey_changing);
        INSERT INTO survey_compared SELECT * FROM survey_recompared;
    """)
