"""Set-based services for large imports: the same writes as `create_tree`,
`update_tree`, `record_condition`, `withdraw_tree`, `retract_condition_record`
and `revert_tree_change`, done for many rows in a few SQL statements.

The caller stages its rows in a temporary table on the current connection
and names it; each function documents the columns it reads. Results come
back as temporary tables too (dropped at the end of the transaction), so a
million rows never pass through Python objects. Places are derived exactly
as `trees.services.places` derives them for one point, and every change is
attributed and logged as the per-row services log it; the tests hold both
paths to the same results. Run inside `transaction.atomic()`.

The tables the checks read a million rows from are made by
`bulk_sql.result_table`, which analyses them. Places come from
`bulk_places`, undoing a batch is in `bulk_undo`."""
from __future__ import annotations

from django.db import connection

from trees.models import ConditionSource, TreeStatus
from trees.services.actor import Actor
from trees.services import bulk_load, bulk_places
from trees.services.bulk_sql import fresh, planner_setting, result_table, run, stamp
from trees.services.errors import InvalidValue

# Statuses a survey row may be matched against: not taken back, not felled.
MATCHABLE = "t.status NOT IN ('withdrawn', 'removed')"
METRES_PER_DEGREE_LATITUDE = 110_574  # the smallest value, at the equator

# The newest record that is neither a retraction nor corrected (history.py).
NEWEST_RECORD = """
    SELECT DISTINCT ON (r.tree_id) r.tree_id, r.condition, r.observed_at
    FROM trees_conditionrecord r
    WHERE r.tree_id IN (SELECT tree_id FROM {trees}) AND NOT r.retracts
      AND NOT EXISTS (SELECT 1 FROM trees_conditionrecord c WHERE c.corrects_id = r.id)
    ORDER BY r.tree_id, r.observed_at DESC, r.id DESC
"""


def trees_near(*, rows: str, into: str, distance_m: float) -> int:
    """Temp table `into` (row_number, tree_id, species_id, distance_m): every
    tree that is not withdrawn or removed within `distance_m` metres (on the
    spheroid) of each row's `location`."""
    degrees = distance_m / METRES_PER_DEGREE_LATITUDE * 1.01
    return result_table(into, """
        SELECT r.row_number, t.id AS tree_id, t.species_id,
               ST_Distance(t.location::geography, r.location::geography) AS distance_m
        FROM {rows} r
        JOIN trees_tree t
          ON t.location && ST_Expand(r.location, %(degrees)s / greatest(cos(radians(ST_Y(r.location))), 0.01),
                                     %(degrees)s)
         AND ST_DWithin(t.location::geography, r.location::geography, %(metres)s)
        WHERE r.location IS NOT NULL AND """ + MATCHABLE + """
          -- With no rows (a file imported again), the planner still expects some
          -- and reads every tree; this filter skips the join at once.
          AND EXISTS (SELECT 1 FROM {rows})""", {"degrees": degrees, "metres": distance_m}, rows=rows)


def trees_at_points(*, rows: str, into: str) -> int:
    """Temp table `into` (row_number, tree_id, municipality_id, trees): for
    each row with a `location`, the live trees of its `species_id` standing
    at exactly that point (one hash join: a file imported again finds its
    own trees without a million index probes). `tree_id` is the lowest of
    them, `municipality_id` that tree's when it is the only one."""
    # Equal coordinates are rare, the planner guesses otherwise and sorts both
    # sides for a merge join: hashing is twice as fast at a million rows.
    with planner_setting("enable_mergejoin", "off"):
        return result_table(into, """
            SELECT r.row_number, min(t.id) AS tree_id, min(t.municipality_id) AS municipality_id, count(*) AS trees
            FROM {rows} r
            JOIN trees_tree t ON ST_X(t.location) = ST_X(r.location) AND ST_Y(t.location) = ST_Y(r.location)
             AND t.species_id IS NOT DISTINCT FROM r.species_id
            WHERE r.location IS NOT NULL AND """ + MATCHABLE + """
            GROUP BY r.row_number
        """, rows=rows)


def trees_by_id(*, rows: str, into: str) -> int:
    """Temp table `into` (row_number, tree_id, species_id, status,
    distance_m) for rows naming a tree by its inventory number
    (`inventory_tree_id`); rows naming no existing tree are absent."""
    return result_table(into, """
        SELECT r.row_number, t.id AS tree_id, t.species_id, t.status,
               ST_Distance(t.location::geography, r.location::geography) AS distance_m
        FROM {rows} r JOIN trees_tree t ON t.id = r.inventory_tree_id
        WHERE r.inventory_tree_id IS NOT NULL  -- most files name none: no join of every row then
    """, rows=rows)


def lock_trees(*, rows: str) -> None:
    """Lock the trees named by `rows` (tree_id) until the transaction ends,
    as update_tree does one by one, so that what was compared stays true."""
    run("SELECT 1 FROM trees_tree WHERE id IN (SELECT tree_id FROM {rows}) ORDER BY id FOR UPDATE", rows=rows)


def compare_with_trees(*, rows: str, into: str) -> int:
    """Temp table `into` (row_number, tree_id, changes, new_record): for rows
    matched to a tree (`tree_id`), the attribute changes `update_tree` would
    log ({field: [old, new]}; NULL or '' in a row means 'not surveyed') and
    whether the row's observation (`condition`, `observed_at`) is new for
    that tree. Reads columns status, planted_year, trunk_diameter_cm,
    height_m, crown_diameter_m, address."""
    fields = ("status", "planted_year", "trunk_diameter_cm", "height_m", "crown_diameter_m")
    differs = [f"(r.{f} IS NOT NULL AND r.{f} IS DISTINCT FROM t.{f})" for f in fields]
    differs.append("(r.address <> '' AND r.address IS DISTINCT FROM t.address)")
    changed = [f"'{f}', CASE WHEN {test} THEN jsonb_build_array(t.{f}, r.{f}) END"
               for f, test in zip((*fields, "address"), differs)]
    # Building JSON costs microseconds a row: only for rows that change something.
    return result_table(into, """
        SELECT r.row_number, r.tree_id,
               CASE WHEN """ + " OR ".join(differs) + """
                    THEN jsonb_strip_nulls(jsonb_build_object(""" + ", ".join(changed) + """))
                    ELSE '{{}}' END AS changes,
               (r.condition IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM trees_conditionrecord c
                    WHERE c.tree_id = r.tree_id AND c.observed_at = r.observed_at AND c.condition = r.condition
                      AND NOT c.retracts
                      AND NOT EXISTS (SELECT 1 FROM trees_conditionrecord x WHERE x.corrects_id = c.id))
               ) AS new_record
        FROM {rows} r JOIN trees_tree t ON t.id = r.tree_id
    """, rows=rows)


def create_trees(*, rows: str, places: str, by: Actor, into: str = "bulk_created") -> int:
    """Create one tree per row, as `create_tree` followed by
    `record_condition` would. Reads row_number, location, species_id, status,
    planted_year, trunk_diameter_cm, height_m, crown_diameter_m, address,
    external_ids and, when `condition` is not NULL, an observation
    (condition, defects, observed_at, notes). `places` (row_number,
    municipality_id) is what `bulk_places.locate_points` made of the rows;
    only rows in it are created. Temp table `into` (row_number, tree_id,
    condition_record_id) says what was written."""
    fresh(into)
    fresh("bulk_new_trees")
    bulk_places.derive_areas(rows=rows, places=places, into="bulk_new_places")
    stamped = stamp(by)
    # Ids drawn up front so that the history rows can point at their tree
    # in the same statements.
    created = run("""
        CREATE TEMP TABLE bulk_new_trees ON COMMIT DROP AS
        SELECT nextval(%(tree_ids)s::regclass) AS tree_id,
               CASE WHEN r.condition IS NOT NULL
                    THEN nextval(%(record_ids)s::regclass) END AS record_id,
               r.row_number, r.location, r.species_id, coalesce(r.status, 'alive') AS status, r.planted_year,
               r.trunk_diameter_cm, r.height_m, r.crown_diameter_m, coalesce(r.address, '') AS address,
               coalesce(r.external_ids, '{{}}') AS external_ids,
               r.condition, coalesce(r.defects, '{{}}') AS defects, r.observed_at, coalesce(r.notes, '') AS notes,
               p.municipality_id, p.district_id, p.council_area_id, p.green_area_id,
               (r.condition = 'dead' AND coalesce(r.status, 'alive') = 'alive') AS dies
        FROM {rows} r JOIN bulk_new_places p USING (row_number)
        ORDER BY r.row_number
    """, _id_sequences(), rows=rows)
    run("DROP TABLE bulk_new_places")
    with bulk_load.indexes_built_after(created):
        _write_new_trees(stamped)
    run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT row_number, tree_id, record_id AS condition_record_id FROM bulk_new_trees
    """, into=into)
    run("DROP TABLE bulk_new_trees")
    return created


def _id_sequences() -> dict:
    """The id sequences' names, looked up once: looked up per row, they
    cost seconds at a million rows."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('trees_tree', 'id'), "
                       "pg_get_serial_sequence('trees_conditionrecord', 'id')")
        tree_ids, record_ids = cursor.fetchone()
    return {"tree_ids": tree_ids, "record_ids": record_ids}


def _write_new_trees(stamped: dict) -> None:
    """The trees of `bulk_new_trees`, their first logged change (and the
    second, for a tree surveyed dead) and their condition records."""
    run("""
        INSERT INTO trees_tree (id, location, species_id, status, planted_year, trunk_diameter_cm, height_m,
            crown_diameter_m, address, external_ids, green_area_id, district_id, council_area_id, municipality_id,
            current_condition, current_condition_at, created_at, created_by_id, created_via, created_via_ref,
            updated_at, updated_by_id, updated_via, updated_via_ref, version)
        SELECT tree_id, location, species_id, CASE WHEN dies THEN 'dead' ELSE status END, planted_year,
               trunk_diameter_cm, height_m, crown_diameter_m, address, external_ids, green_area_id, district_id,
               council_area_id, municipality_id, condition, CASE WHEN condition IS NOT NULL THEN observed_at END,
               now(), %(user)s::integer, %(channel)s, %(ref)s::bigint, now(), %(user)s::integer, %(channel)s, %(ref)s::bigint,
               CASE WHEN dies THEN 2 ELSE 1 END
        FROM bulk_new_trees
    """, stamped)
    run("""
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
    """, stamped)
    _insert_records(source="bulk_new_trees", stamped=stamped)


def _insert_records(*, source: str, stamped: dict) -> int:
    """Condition records for the rows of `source` that carry a record_id
    (with their tree's municipality_id: joining the trees again cost a
    second a million)."""
    return run("""
        INSERT INTO trees_conditionrecord (id, municipality_id, tree_id, observed_at, condition, defects, notes,
            source, retracts, recorded_at, recorded_by_id, channel, channel_ref)
        SELECT s.record_id, s.municipality_id, s.tree_id, s.observed_at, s.condition, s.defects, s.notes,
               %(source)s, false, now(), %(user)s::integer, %(channel)s, %(ref)s::bigint
        FROM {source} s
        WHERE s.record_id IS NOT NULL
        ORDER BY s.record_id
    """, {"source": ConditionSource.SURVEY_IMPORT, **stamped}, source=source)


def update_trees(*, rows: str, changes: str, by: Actor, into: str = "bulk_updated") -> int:
    """Apply `compare_with_trees` results (temp table `changes`) as
    `update_tree` and `record_condition` would, for each row: the changed
    attributes (one logged change), then the new observation with the
    current condition re-derived, and a standing tree newly `dead` marked
    so. `rows` supplies the new values and observations by row_number.
    Temp table `into` (row_number, tree_id, changed, condition_record_id)."""
    fresh(into)
    fresh("bulk_changed_trees")
    stamped = stamp(by)
    run("""
        CREATE TEMP TABLE bulk_changed_trees ON COMMIT DROP AS
        SELECT c.row_number, c.tree_id, c.changes, c.changes <> '{{}}' AS changed,
               CASE WHEN c.new_record THEN nextval(%(record_ids)s::regclass) END
                   AS record_id,
               r.status, r.planted_year, r.trunk_diameter_cm, r.height_m, r.crown_diameter_m, r.address,
               r.condition, coalesce(r.defects, '{{}}') AS defects, r.observed_at, coalesce(r.notes, '') AS notes,
               t.municipality_id
        FROM {changes} c JOIN {rows} r USING (row_number) JOIN trees_tree t ON t.id = c.tree_id
        WHERE c.changes <> '{{}}' OR c.new_record
    """, _id_sequences(), rows=rows, changes=changes)
    _check_species_limits()
    set_fields = ", ".join(f"{f} = CASE WHEN b.changes ? '{f}' THEN b.{f} ELSE t.{f} END"
                           for f in ("status", "planted_year", "trunk_diameter_cm", "height_m", "crown_diameter_m",
                                     "address"))
    run("""
        UPDATE trees_tree t SET """ + set_fields + """, version = t.version + 1, updated_at = now(),
               updated_by_id = %(user)s::integer, updated_via = %(channel)s, updated_via_ref = %(ref)s::bigint
        FROM bulk_changed_trees b WHERE b.tree_id = t.id AND b.changed
    """, stamped)
    run("""
        INSERT INTO trees_treechange (tree_id, version, changes, recorded_at, recorded_by_id, channel, channel_ref)
        SELECT b.tree_id, t.version, b.changes, now(), %(user)s::integer, %(channel)s, %(ref)s::bigint
        FROM bulk_changed_trees b JOIN trees_tree t ON t.id = b.tree_id WHERE b.changed
    """, stamped)
    _insert_records(source="bulk_changed_trees", stamped=stamped)
    run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT row_number, tree_id, changed, record_id AS condition_record_id FROM bulk_changed_trees
    """, into=into)
    fresh("bulk_recorded_trees")
    run("CREATE TEMP TABLE bulk_recorded_trees ON COMMIT DROP AS "
         "SELECT tree_id FROM bulk_changed_trees WHERE record_id IS NOT NULL")
    _refresh_conditions(trees="bulk_recorded_trees", by=by)
    run("DROP TABLE bulk_changed_trees, bulk_recorded_trees")
    return run("SELECT 1 FROM {into}", into=into)


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
    fresh("bulk_newest")
    run("CREATE TEMP TABLE bulk_newest ON COMMIT DROP AS " + NEWEST_RECORD, trees=trees)
    run("""
        UPDATE trees_tree t SET current_condition = n.condition, current_condition_at = n.observed_at
        FROM (SELECT DISTINCT tree_id FROM {trees}) a LEFT JOIN bulk_newest n USING (tree_id)
        WHERE t.id = a.tree_id
          AND (t.current_condition, t.current_condition_at) IS DISTINCT FROM (n.condition, n.observed_at)
    """, trees=trees)
    _mark_dead(trees=trees, by=by)
    run("DROP TABLE bulk_newest")


def _mark_dead(*, trees: str, by: Actor) -> None:
    fresh("bulk_dying")
    run("""
        CREATE TEMP TABLE bulk_dying ON COMMIT DROP AS
        SELECT t.id AS tree_id FROM trees_tree t
        WHERE t.id IN (SELECT tree_id FROM {trees}) AND t.current_condition = 'dead' AND t.status = 'alive'
    """, trees=trees)
    set_status(trees="bulk_dying", status=TreeStatus.DEAD, by=by)
    run("DROP TABLE bulk_dying")


def set_status(*, trees: str, status: str, by: Actor, clear_condition: bool = False) -> int:
    """As update_tree(status=...): only trees whose status differs get a
    new version and a logged change. `clear_condition`: their current
    condition is cleared in the same update (they have no standing record)."""
    result_table("bulk_status_change", """
        SELECT t.id AS tree_id, t.status AS old_status FROM trees_tree t
        WHERE t.id IN (SELECT tree_id FROM {trees}) AND t.status <> %(status)s
    """, {"status": status}, trees=trees)
    cleared = "current_condition = NULL, current_condition_at = NULL," if clear_condition else ""
    changed = run("""
        UPDATE trees_tree t SET status = %(status)s, """ + cleared + """ version = t.version + 1, updated_at = now(),
               updated_by_id = %(user)s::integer, updated_via = %(channel)s, updated_via_ref = %(ref)s::bigint
        FROM bulk_status_change s WHERE s.tree_id = t.id
    """, {"status": status, **stamp(by)})
    run("""
        INSERT INTO trees_treechange (tree_id, version, changes, recorded_at, recorded_by_id, channel, channel_ref)
        SELECT s.tree_id, t.version, jsonb_build_object('status', jsonb_build_array(s.old_status, %(status)s)),
               now(), %(user)s::integer, %(channel)s, %(ref)s::bigint
        FROM bulk_status_change s JOIN trees_tree t ON t.id = s.tree_id
    """, {"status": status, **stamp(by)})
    run("DROP TABLE bulk_status_change")
    return changed


