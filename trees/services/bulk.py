"""Set-based services for large imports: the same writes as `create_tree`,
`update_tree`, `record_condition`, `withdraw_tree`, `retract_condition_record`
and `revert_tree_change`, done for many rows in a few SQL statements.

The caller stages its rows in a temporary table on the current connection
and names it; each function documents the columns it reads. Results come
back as temporary tables too (dropped at the end of the transaction), so a
million rows never pass through Python objects. Places are derived exactly
as `trees.services.places` derives them for one point, and every change is
attributed and logged as the per-row services log it; the tests hold both
paths to the same results. Run inside `transaction.atomic()`."""
from __future__ import annotations

import logging
import re
import time

from django.db import connection
from psycopg2 import sql

from trees.models import ConditionSource, TreeStatus
from trees.services.actor import Actor
from trees.services.errors import InvalidValue

logger = logging.getLogger(__name__)
# Statuses a survey row may be matched against: not taken back, not felled.
MATCHABLE = "t.status NOT IN ('withdrawn', 'removed')"
METRES_PER_DEGREE_LATITUDE = 110_574  # the smallest value, at the equator
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

# The newest record that is neither a retraction nor corrected (history.py).
_NEWEST_RECORD = """
    SELECT DISTINCT ON (r.tree_id) r.tree_id, r.condition, r.observed_at
    FROM trees_conditionrecord r
    WHERE r.tree_id IN (SELECT tree_id FROM {trees}) AND NOT r.retracts
      AND NOT EXISTS (SELECT 1 FROM trees_conditionrecord c WHERE c.corrects_id = r.id)
    ORDER BY r.tree_id, r.observed_at DESC, r.id DESC
"""


def _table(name: str) -> sql.Identifier:
    if not _NAME.match(name):
        raise ValueError(f"not a plain table name: {name!r}")
    return sql.Identifier(name)


def _run(statement: str, params: dict | None = None, **tables: str) -> int:
    query = sql.SQL(statement).format(**{key: _table(value) for key, value in tables.items()})
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(query, params or {})
        logger.debug("%.2f s, %s rows: %s", time.perf_counter() - started, cursor.rowcount,
                     " ".join(statement.split())[:90])
        return cursor.rowcount


def _fresh(name: str) -> None:
    _run("DROP TABLE IF EXISTS {name}", name=name)


def _stamp(by: Actor) -> dict:
    return {"user": by.user_id, "channel": by.channel, "ref": by.ref}


def locate_points(*, rows: str, into: str, location: str = "location") -> int:
    """Temp table `into` (row_number, municipality_id): the municipality
    containing each row's point (column `location`), first by code, for
    the rows that lie in one. Rows outside every municipality are absent."""
    _fresh(into)
    return _run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT r.row_number, m.id AS municipality_id
        FROM {rows} r
        CROSS JOIN LATERAL (SELECT m.id FROM trees_municipality m WHERE ST_Intersects(m.boundary, r.{location})
                            ORDER BY m.code LIMIT 1) m
        WHERE r.{location} IS NOT NULL
    """, rows=rows, into=into, location=location)


def trees_near(*, rows: str, into: str, distance_m: float) -> int:
    """Temp table `into` (row_number, tree_id, species_id, distance_m): every
    tree that is not withdrawn or removed within `distance_m` metres (on the
    spheroid) of each row's `location`."""
    _fresh(into)
    degrees = distance_m / METRES_PER_DEGREE_LATITUDE * 1.01
    return _run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT r.row_number, t.id AS tree_id, t.species_id,
               ST_Distance(t.location::geography, r.location::geography) AS distance_m
        FROM {rows} r
        JOIN trees_tree t
          ON t.location && ST_Expand(r.location, %(degrees)s / greatest(cos(radians(ST_Y(r.location))), 0.01),
                                     %(degrees)s)
         AND ST_DWithin(t.location::geography, r.location::geography, %(metres)s)
        WHERE r.location IS NOT NULL AND """ + MATCHABLE, {"degrees": degrees, "metres": distance_m},
                rows=rows, into=into)


def trees_at_points(*, rows: str, into: str) -> int:
    """Temp table `into` (row_number, tree_id, trees): for each row with a
    `location`, the live trees of its `species_id` standing at exactly
    that point (one hash join: a file imported again finds its own trees
    without a million index probes). `tree_id` is the lowest of them."""
    _fresh(into)
    return _run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT r.row_number, min(t.id) AS tree_id, count(*) AS trees
        FROM {rows} r
        JOIN trees_tree t ON ST_X(t.location) = ST_X(r.location) AND ST_Y(t.location) = ST_Y(r.location)
         AND t.species_id IS NOT DISTINCT FROM r.species_id
        WHERE r.location IS NOT NULL AND """ + MATCHABLE + """
        GROUP BY r.row_number
    """, rows=rows, into=into)


def trees_by_id(*, rows: str, into: str) -> int:
    """Temp table `into` (row_number, tree_id, species_id, status,
    distance_m) for rows naming a tree by its inventory number
    (`inventory_tree_id`); rows naming no existing tree are absent."""
    _fresh(into)
    return _run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT r.row_number, t.id AS tree_id, t.species_id, t.status,
               ST_Distance(t.location::geography, r.location::geography) AS distance_m
        FROM {rows} r JOIN trees_tree t ON t.id = r.inventory_tree_id
    """, rows=rows, into=into)


def lock_trees(*, rows: str) -> None:
    """Lock the trees named by `rows` (tree_id) until the transaction ends,
    as update_tree does one by one, so that what was compared stays true."""
    _run("SELECT 1 FROM trees_tree WHERE id IN (SELECT tree_id FROM {rows}) ORDER BY id FOR UPDATE", rows=rows)


def compare_with_trees(*, rows: str, into: str) -> int:
    """Temp table `into` (row_number, tree_id, changes, new_record): for rows
    matched to a tree (`tree_id`), the attribute changes `update_tree` would
    log ({field: [old, new]}; NULL or '' in a row means 'not surveyed') and
    whether the row's observation (`condition`, `observed_at`) is new for
    that tree. Reads columns status, planted_year, trunk_diameter_cm,
    height_m, crown_diameter_m, address."""
    _fresh(into)
    changed = [_changed(f) for f in ("status", "planted_year", "trunk_diameter_cm", "height_m", "crown_diameter_m")]
    changed.append("'address', CASE WHEN r.address <> '' AND r.address IS DISTINCT FROM t.address "
                   "THEN jsonb_build_array(t.address, r.address) END")
    return _run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT r.row_number, r.tree_id,
               jsonb_strip_nulls(jsonb_build_object(""" + ", ".join(changed) + """)) AS changes,
               (r.condition IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM trees_conditionrecord c
                    WHERE c.tree_id = r.tree_id AND c.observed_at = r.observed_at AND c.condition = r.condition
                      AND NOT c.retracts
                      AND NOT EXISTS (SELECT 1 FROM trees_conditionrecord x WHERE x.corrects_id = c.id))
               ) AS new_record
        FROM {rows} r JOIN trees_tree t ON t.id = r.tree_id
    """, rows=rows, into=into)


def _changed(field: str) -> str:
    return (f"'{field}', CASE WHEN r.{field} IS NOT NULL AND r.{field} IS DISTINCT FROM t.{field} "
            f"THEN jsonb_build_array(t.{field}, r.{field}) END")


def create_trees(*, rows: str, by: Actor, into: str = "bulk_created") -> int:
    """Create one tree per row, as `create_tree` followed by
    `record_condition` would. Reads row_number, location, species_id, status,
    planted_year, trunk_diameter_cm, height_m, crown_diameter_m, address,
    external_ids and, when `condition` is not NULL, an observation
    (condition, defects, observed_at, notes). Every row's point must lie in
    a municipality. Temp table `into` (row_number, tree_id,
    condition_record_id) says what was written."""
    _fresh(into)
    _fresh("bulk_new_trees")
    stamp = _stamp(by)
    # Places as places.py derives them; ids drawn up front so that the
    # history rows can point at their tree in the same statements.
    _run("""
        CREATE TEMP TABLE bulk_new_trees ON COMMIT DROP AS
        SELECT nextval(pg_get_serial_sequence('trees_tree', 'id')) AS tree_id,
               CASE WHEN r.condition IS NOT NULL
                    THEN nextval(pg_get_serial_sequence('trees_conditionrecord', 'id')) END AS record_id,
               r.row_number, r.location, r.species_id, coalesce(r.status, 'alive') AS status, r.planted_year,
               r.trunk_diameter_cm, r.height_m, r.crown_diameter_m, coalesce(r.address, '') AS address,
               coalesce(r.external_ids, '{{}}') AS external_ids,
               r.condition, coalesce(r.defects, '{{}}') AS defects, r.observed_at, coalesce(r.notes, '') AS notes,
               m.id AS municipality_id, a.district_id, a.council_area_id, g.id AS green_area_id,
               (r.condition = 'dead' AND coalesce(r.status, 'alive') = 'alive') AS dies
        FROM {rows} r
        CROSS JOIN LATERAL (SELECT m.id FROM trees_municipality m WHERE ST_Intersects(m.boundary, r.location)
                            ORDER BY m.code LIMIT 1) m
        LEFT JOIN LATERAL (
            SELECT min(a.id) FILTER (WHERE a.level = 'district') AS district_id,
                   min(a.id) FILTER (WHERE a.level = 'council_area') AS council_area_id
            FROM trees_administrativearea a
            WHERE a.municipality_id = m.id AND ST_Intersects(a.boundary, r.location)) a ON true
        LEFT JOIN LATERAL (
            SELECT g.id FROM trees_greenarea g
            WHERE g.municipality_id = m.id AND ST_Intersects(g.boundary, r.location)
            ORDER BY g.area_m2, g.id LIMIT 1) g ON true
    """, rows=rows)
    created = _run("""
        INSERT INTO trees_tree (id, location, species_id, status, planted_year, trunk_diameter_cm, height_m,
            crown_diameter_m, address, external_ids, green_area_id, district_id, council_area_id, municipality_id,
            current_condition, current_condition_at, created_at, created_by_id, created_via, created_via_ref,
            updated_at, updated_by_id, updated_via, updated_via_ref, version)
        SELECT tree_id, location, species_id, CASE WHEN dies THEN 'dead' ELSE status END, planted_year,
               trunk_diameter_cm, height_m, crown_diameter_m, address, external_ids, green_area_id, district_id,
               council_area_id, municipality_id, condition, CASE WHEN condition IS NOT NULL THEN observed_at END,
               now(), %(user)s::integer, %(channel)s, %(ref)s::bigint, now(), %(user)s::integer, %(channel)s, %(ref)s::bigint,
               CASE WHEN dies THEN 2 ELSE 1 END
        FROM bulk_new_trees ORDER BY tree_id
    """, stamp)
    _run("""
        INSERT INTO trees_treechange (tree_id, version, changes, recorded_at, recorded_by_id, channel, channel_ref)
        SELECT tree_id, 1, jsonb_build_object(
                   'location', jsonb_build_array(NULL, jsonb_build_array(ST_X(location), ST_Y(location))),
                   'species', jsonb_build_array(NULL, species_id), 'status', jsonb_build_array(NULL, status),
                   'planted_year', jsonb_build_array(NULL, planted_year),
                   'trunk_diameter_cm', jsonb_build_array(NULL, trunk_diameter_cm),
                   'height_m', jsonb_build_array(NULL, height_m),
                   'crown_diameter_m', jsonb_build_array(NULL, crown_diameter_m),
                   'address', jsonb_build_array(NULL, address), 'green_area', jsonb_build_array(NULL, green_area_id),
                   'external_ids', jsonb_build_array(NULL, external_ids)),
               now(), %(user)s::integer, %(channel)s, %(ref)s::bigint
        FROM bulk_new_trees
        UNION ALL
        SELECT tree_id, 2, jsonb_build_object('status', jsonb_build_array('alive', 'dead')),
               now(), %(user)s::integer, %(channel)s, %(ref)s::bigint
        FROM bulk_new_trees WHERE dies
    """, stamp)
    _insert_records(source="bulk_new_trees", by=by)
    _run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT row_number, tree_id, record_id AS condition_record_id FROM bulk_new_trees
    """, into=into)
    _run("DROP TABLE bulk_new_trees")
    return created


def _insert_records(*, source: str, by: Actor) -> int:
    """Condition records for the rows of `source` that carry a record_id."""
    return _run("""
        INSERT INTO trees_conditionrecord (id, municipality_id, tree_id, observed_at, condition, defects, notes,
            source, retracts, recorded_at, recorded_by_id, channel, channel_ref)
        SELECT s.record_id, t.municipality_id, s.tree_id, s.observed_at, s.condition, s.defects, s.notes,
               %(source)s, false, now(), %(user)s::integer, %(channel)s, %(ref)s::bigint
        FROM {source} s JOIN trees_tree t ON t.id = s.tree_id
        WHERE s.record_id IS NOT NULL
        ORDER BY s.record_id
    """, {"source": ConditionSource.SURVEY_IMPORT, **_stamp(by)}, source=source)


def update_trees(*, rows: str, changes: str, by: Actor, into: str = "bulk_updated") -> int:
    """Apply `compare_with_trees` results (temp table `changes`) as
    `update_tree` and `record_condition` would, for each row: the changed
    attributes (one logged change), then the new observation with the
    current condition re-derived, and a standing tree newly `dead` marked
    so. `rows` supplies the new values and observations by row_number.
    Temp table `into` (row_number, tree_id, changed, condition_record_id)."""
    _fresh(into)
    _fresh("bulk_changed_trees")
    stamp = _stamp(by)
    _run("""
        CREATE TEMP TABLE bulk_changed_trees ON COMMIT DROP AS
        SELECT c.row_number, c.tree_id, c.changes, c.changes <> '{{}}' AS changed,
               CASE WHEN c.new_record THEN nextval(pg_get_serial_sequence('trees_conditionrecord', 'id')) END
                   AS record_id,
               r.status, r.planted_year, r.trunk_diameter_cm, r.height_m, r.crown_diameter_m, r.address,
               r.condition, coalesce(r.defects, '{{}}') AS defects, r.observed_at, coalesce(r.notes, '') AS notes
        FROM {changes} c JOIN {rows} r USING (row_number)
        WHERE c.changes <> '{{}}' OR c.new_record
    """, rows=rows, changes=changes)
    _check_species_limits()
    set_fields = ", ".join(f"{f} = CASE WHEN b.changes ? '{f}' THEN b.{f} ELSE t.{f} END"
                           for f in ("status", "planted_year", "trunk_diameter_cm", "height_m", "crown_diameter_m",
                                     "address"))
    _run("""
        UPDATE trees_tree t SET """ + set_fields + """, version = t.version + 1, updated_at = now(),
               updated_by_id = %(user)s::integer, updated_via = %(channel)s, updated_via_ref = %(ref)s::bigint
        FROM bulk_changed_trees b WHERE b.tree_id = t.id AND b.changed
    """, stamp)
    _run("""
        INSERT INTO trees_treechange (tree_id, version, changes, recorded_at, recorded_by_id, channel, channel_ref)
        SELECT b.tree_id, t.version, b.changes, now(), %(user)s::integer, %(channel)s, %(ref)s::bigint
        FROM bulk_changed_trees b JOIN trees_tree t ON t.id = b.tree_id WHERE b.changed
    """, stamp)
    _insert_records(source="bulk_changed_trees", by=by)
    _run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT row_number, tree_id, changed, record_id AS condition_record_id FROM bulk_changed_trees
    """, into=into)
    _fresh("bulk_recorded_trees")
    _run("CREATE TEMP TABLE bulk_recorded_trees ON COMMIT DROP AS "
         "SELECT tree_id FROM bulk_changed_trees WHERE record_id IS NOT NULL")
    _refresh_conditions(trees="bulk_recorded_trees", by=by)
    _run("DROP TABLE bulk_changed_trees, bulk_recorded_trees")
    return _run("SELECT 1 FROM {into}", into=into)


def _check_species_limits() -> None:
    """update_tree refuses a change that leaves a tree larger than its
    species grows (say, the species' limit was lowered since the tree was
    entered); so does the bulk update, naming the first such row."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT b.row_number, s.scientific_name, v.field, v.value, v.most
            FROM bulk_changed_trees b JOIN trees_tree t ON t.id = b.tree_id JOIN trees_species s ON s.id = t.species_id
            CROSS JOIN LATERAL (VALUES
                ('height_m', CASE WHEN b.changes ? 'height_m' THEN b.height_m ELSE t.height_m END, s.max_height_m),
                ('trunk_diameter_cm', CASE WHEN b.changes ? 'trunk_diameter_cm' THEN b.trunk_diameter_cm
                                           ELSE t.trunk_diameter_cm END, s.max_trunk_diameter_cm)) v(field, value, most)
            WHERE b.changed AND v.value > v.most
            ORDER BY b.row_number, v.field LIMIT 1
        """)
        found = cursor.fetchone()
    if found:
        row_number, species, field, value, most = found
        error = InvalidValue(f"{value} is larger than any {species} grows (at most {most})", field=field)
        error.row_number = row_number
        raise error


def _refresh_conditions(*, trees: str, by: Actor) -> None:
    """After new records on the trees in `trees` (tree_id): re-derive their
    current condition, and mark standing trees whose newest record says
    dead as dead, logged, as record_condition does."""
    _fresh("bulk_newest")
    _run("CREATE TEMP TABLE bulk_newest ON COMMIT DROP AS " + _NEWEST_RECORD, trees=trees)
    _run("""
        UPDATE trees_tree t SET current_condition = n.condition, current_condition_at = n.observed_at
        FROM (SELECT DISTINCT tree_id FROM {trees}) a LEFT JOIN bulk_newest n USING (tree_id)
        WHERE t.id = a.tree_id
          AND (t.current_condition, t.current_condition_at) IS DISTINCT FROM (n.condition, n.observed_at)
    """, trees=trees)
    _mark_dead(trees=trees, by=by)
    _run("DROP TABLE bulk_newest")


def _mark_dead(*, trees: str, by: Actor) -> None:
    _fresh("bulk_dying")
    _run("""
        CREATE TEMP TABLE bulk_dying ON COMMIT DROP AS
        SELECT t.id AS tree_id FROM trees_tree t
        WHERE t.id IN (SELECT tree_id FROM {trees}) AND t.current_condition = 'dead' AND t.status = 'alive'
    """, trees=trees)
    _set_status(trees="bulk_dying", status=TreeStatus.DEAD, by=by)
    _run("DROP TABLE bulk_dying")


def _set_status(*, trees: str, status: str, by: Actor) -> int:
    """As update_tree(status=...): only trees whose status differs get a
    new version and a logged change."""
    _fresh("bulk_status_change")
    _run("""
        CREATE TEMP TABLE bulk_status_change ON COMMIT DROP AS
        SELECT t.id AS tree_id, t.status AS old_status FROM trees_tree t
        WHERE t.id IN (SELECT tree_id FROM {trees}) AND t.status <> %(status)s
    """, {"status": status}, trees=trees)
    changed = _run("""
        UPDATE trees_tree t SET status = %(status)s, version = t.version + 1, updated_at = now(),
               updated_by_id = %(user)s::integer, updated_via = %(channel)s, updated_via_ref = %(ref)s::bigint
        FROM bulk_status_change s WHERE s.tree_id = t.id
    """, {"status": status, **_stamp(by)})
    _run("""
        INSERT INTO trees_treechange (tree_id, version, changes, recorded_at, recorded_by_id, channel, channel_ref)
        SELECT s.tree_id, t.version, jsonb_build_object('status', jsonb_build_array(s.old_status, %(status)s)),
               now(), %(user)s::integer, %(channel)s, %(ref)s::bigint
        FROM bulk_status_change s JOIN trees_tree t ON t.id = s.tree_id
    """, {"status": status, **_stamp(by)})
    _run("DROP TABLE bulk_status_change")
    return changed


# Undoing everything one channel reference (an import batch) wrote. Each
# step appends records, as the per-row services do; nothing is deleted.

_REVERTIBLE = ("status", "planted_year", "trunk_diameter_cm", "height_m", "crown_diameter_m", "address")
_CURRENT_VALUES = """jsonb_build_object('status', t.status, 'planted_year', t.planted_year,
    'trunk_diameter_cm', t.trunk_diameter_cm, 'height_m', t.height_m, 'crown_diameter_m', t.crown_diameter_m,
    'address', t.address)"""


def retract_records_of(*, by: Actor, notes: str, into: str = "bulk_record_conflicts") -> int:
    """Retract every condition record written through `by.channel` /
    `by.ref`, as `retract_condition_record` would, and re-derive the trees'
    current condition. Records corrected since are left; temp table `into`
    (tree_id, record_id) lists them. Returns how many were retracted."""
    params = {"notes": notes, "correction": ConditionSource.CORRECTION, **_stamp(by)}
    _fresh(into)
    _fresh("bulk_retracted")
    _run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT r.tree_id, r.id AS record_id FROM trees_conditionrecord r
        WHERE r.channel = %(channel)s AND r.channel_ref = %(ref)s::bigint AND NOT r.retracts AND r.tree_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM trees_conditionrecord c WHERE c.corrects_id = r.id)
    """, params, into=into)
    _run("""
        CREATE TEMP TABLE bulk_retracted ON COMMIT DROP AS
        SELECT r.id, r.tree_id, r.municipality_id, r.observed_at FROM trees_conditionrecord r
        WHERE r.channel = %(channel)s AND r.channel_ref = %(ref)s::bigint AND NOT r.retracts AND r.tree_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM trees_conditionrecord c WHERE c.corrects_id = r.id)
    """, params)
    retracted = _run("""
        INSERT INTO trees_conditionrecord (municipality_id, tree_id, observed_at, condition, defects, notes, source,
            corrects_id, retracts, recorded_at, recorded_by_id, channel, channel_ref)
        SELECT municipality_id, tree_id, observed_at, NULL, '{{}}', %(notes)s, %(correction)s, id, true,
               now(), %(user)s::integer, %(channel)s, %(ref)s::bigint
        FROM bulk_retracted ORDER BY id DESC
    """, params)
    _fresh("bulk_newest")
    _run("CREATE TEMP TABLE bulk_newest ON COMMIT DROP AS " + _NEWEST_RECORD, trees="bulk_retracted")
    _run("""
        UPDATE trees_tree t SET current_condition = n.condition, current_condition_at = n.observed_at
        FROM (SELECT DISTINCT tree_id FROM bulk_retracted) a LEFT JOIN bulk_newest n USING (tree_id)
        WHERE t.id = a.tree_id
          AND (t.current_condition, t.current_condition_at) IS DISTINCT FROM (n.condition, n.observed_at)
    """)
    _run("DROP TABLE bulk_retracted, bulk_newest")
    return retracted


def revert_changes_of(*, by: Actor, into: str = "bulk_change_conflicts", rest: str = "bulk_changes_left") -> int:
    """Revert the attribute changes written through `by.channel` / `by.ref`
    on trees it did not create, as `revert_tree_change` would. Handles the
    trees with one such change of the survey fields; temp table `rest`
    (change_id, tree_id, version) lists the others, for the per-row service. Temp table
    `into` (tree_id, change_id, field, later_version) lists changes refused
    because later work touched the same fields (later_version) or the value
    is no longer the one set. Returns how many were reverted."""
    stamp = _stamp(by)
    for name in (into, rest, "bulk_reverts"):
        _fresh(name)
    _run("""
        CREATE TEMP TABLE bulk_reverts ON COMMIT DROP AS
        SELECT c.id AS change_id, c.tree_id, c.version, c.changes,
               count(*) OVER (PARTITION BY c.tree_id) AS per_tree,
               NOT (c.changes - %(revertible)s::text[]) = '{{}}' AS unusual
        FROM trees_treechange c JOIN trees_tree t ON t.id = c.tree_id
        WHERE c.channel = %(channel)s AND c.channel_ref = %(ref)s::bigint
          AND NOT (t.created_via = %(channel)s AND t.created_via_ref IS NOT DISTINCT FROM %(ref)s::bigint)
    """, {"revertible": list(_REVERTIBLE), **stamp})
    _run("""
        CREATE TEMP TABLE {rest} ON COMMIT DROP AS
        SELECT change_id, tree_id, version FROM bulk_reverts WHERE per_tree > 1 OR unusual
    """, rest=rest)
    _run("DELETE FROM bulk_reverts WHERE per_tree > 1 OR unusual")
    _run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT b.tree_id, b.change_id, k.field, min(l.version) AS later_version
        FROM bulk_reverts b JOIN trees_tree t ON t.id = b.tree_id
        CROSS JOIN LATERAL jsonb_object_keys(b.changes) AS k(field)
        LEFT JOIN trees_treechange l ON l.tree_id = b.tree_id AND l.version > b.version AND l.changes ? k.field
        WHERE l.id IS NOT NULL OR (""" + _CURRENT_VALUES + """ -> k.field) IS DISTINCT FROM (b.changes -> k.field -> 1)
        GROUP BY b.tree_id, b.change_id, k.field
    """, into=into)
    _run("DELETE FROM bulk_reverts WHERE change_id IN (SELECT change_id FROM {into})", into=into)
    restore = ", ".join(
        f"{f} = CASE WHEN b.changes ? '{f}' THEN (b.changes -> '{f}' ->> 0)::{kind} ELSE t.{f} END"
        for f, kind in (("status", "text"), ("planted_year", "integer"), ("trunk_diameter_cm", "float8"),
                        ("height_m", "float8"), ("crown_diameter_m", "float8"), ("address", "text")))
    reverted = _run("""
        UPDATE trees_tree t SET """ + restore + """, version = t.version + 1, updated_at = now(),
               updated_by_id = %(user)s::integer, updated_via = %(channel)s, updated_via_ref = %(ref)s::bigint
        FROM bulk_reverts b WHERE b.tree_id = t.id
    """, stamp)
    _run("""
        INSERT INTO trees_treechange (tree_id, version, changes, recorded_at, recorded_by_id, channel, channel_ref)
        SELECT b.tree_id, t.version,
               (SELECT jsonb_object_agg(key, jsonb_build_array(value -> 1, value -> 0)) FROM jsonb_each(b.changes)),
               now(), %(user)s::integer, %(channel)s, %(ref)s::bigint
        FROM bulk_reverts b JOIN trees_tree t ON t.id = b.tree_id
    """, stamp)
    _run("DROP TABLE bulk_reverts")
    return reverted


def withdraw_trees_of(*, by: Actor, into: str = "bulk_withdraw_conflicts") -> int:
    """Withdraw the trees created through `by.channel` / `by.ref`, as
    `withdraw_tree` would, unless someone else has worked on them since (a
    change, record or maintenance event through any other channel or
    reference); temp table `into` (tree_id) lists those, which stay.
    Returns how many were withdrawn."""
    stamp = _stamp(by)
    _fresh(into)
    _fresh("bulk_withdrawn")
    others = """(x.channel <> %(channel)s OR x.channel_ref IS DISTINCT FROM %(ref)s::bigint)"""
    _run("""
        CREATE TEMP TABLE bulk_withdrawn ON COMMIT DROP AS
        SELECT t.id AS tree_id,
               EXISTS (SELECT 1 FROM trees_treechange x WHERE x.tree_id = t.id AND """ + others + """)
               OR EXISTS (SELECT 1 FROM trees_conditionrecord x WHERE x.tree_id = t.id AND """ + others + """)
               OR EXISTS (SELECT 1 FROM trees_maintenanceevent x WHERE x.tree_id = t.id AND """ + others + """)
                   AS worked_on
        FROM trees_tree t
        WHERE t.created_via = %(channel)s AND t.created_via_ref = %(ref)s::bigint AND t.status <> 'withdrawn'
    """, stamp)
    _run("CREATE TEMP TABLE {into} ON COMMIT DROP AS SELECT tree_id FROM bulk_withdrawn WHERE worked_on", into=into)
    _run("DELETE FROM bulk_withdrawn WHERE worked_on")
    withdrawn = _set_status(trees="bulk_withdrawn", status=TreeStatus.WITHDRAWN, by=by)
    _run("DROP TABLE bulk_withdrawn")
    return withdrawn
