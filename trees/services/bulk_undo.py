"""Undoing everything one channel reference (an import batch) wrote, set-based.
Each step appends records, as the per-row services do; nothing is deleted."""
from __future__ import annotations

from trees.models import ConditionSource, TreeStatus
from trees.services.actor import Actor
from trees.services.bulk import NEWEST_RECORD, set_status
from trees.services.bulk_sql import fresh, result_table, run, stamp

_REVERTIBLE = ("status", "planted_year", "trunk_diameter_cm", "height_m", "crown_diameter_m", "address")
_CURRENT_VALUES = """jsonb_build_object('status', t.status, 'planted_year', t.planted_year,
    'trunk_diameter_cm', t.trunk_diameter_cm, 'height_m', t.height_m, 'crown_diameter_m', t.crown_diameter_m,
    'address', t.address)"""


def retract_records_of(*, by: Actor, notes: str, withdrawing: str, into: str = "bulk_record_conflicts") -> int:
    """Retract every condition record written through `by.channel` /
    `by.ref`, as `retract_condition_record` would, and re-derive the trees'
    current condition. Records corrected since are left; temp table `into`
    (tree_id, record_id) lists them. Returns how many were retracted.
    `withdrawing` (tree_id): trees `withdraw_trees` takes next, which clears
    their condition in the same update (every record of theirs is
    retracted here): one update of a million trees instead of two."""
    params = {"notes": notes, "correction": ConditionSource.CORRECTION, **stamp(by)}
    fresh(into)
    run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT r.tree_id, r.id AS record_id FROM trees_conditionrecord r
        WHERE r.channel = %(channel)s AND r.channel_ref = %(ref)s::bigint AND NOT r.retracts AND r.tree_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM trees_conditionrecord c WHERE c.corrects_id = r.id)
    """, params, into=into)
    result_table("bulk_retracted", """
        SELECT r.id, r.tree_id, r.municipality_id, r.observed_at FROM trees_conditionrecord r
        WHERE r.channel = %(channel)s AND r.channel_ref = %(ref)s::bigint AND NOT r.retracts AND r.tree_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM trees_conditionrecord c WHERE c.corrects_id = r.id)
    """, params)
    retracted = run("""
        INSERT INTO trees_conditionrecord (municipality_id, tree_id, observed_at, condition, defects, notes, source,
            corrects_id, retracts, recorded_at, recorded_by_id, channel, channel_ref)
        SELECT municipality_id, tree_id, observed_at, NULL, '{{}}', %(notes)s, %(correction)s, id, true,
               now(), %(user)s::integer, %(channel)s, %(ref)s::bigint
        FROM bulk_retracted ORDER BY id DESC
    """, params)
    result_table("bulk_rederived", """
        SELECT DISTINCT tree_id FROM bulk_retracted WHERE tree_id NOT IN (SELECT tree_id FROM {withdrawing})
    """, withdrawing=withdrawing)
    fresh("bulk_newest")
    run("CREATE TEMP TABLE bulk_newest ON COMMIT DROP AS " + NEWEST_RECORD, trees="bulk_rederived")
    run("""
        UPDATE trees_tree t SET current_condition = n.condition, current_condition_at = n.observed_at
        FROM bulk_rederived a LEFT JOIN bulk_newest n USING (tree_id)
        WHERE t.id = a.tree_id
          AND (t.current_condition, t.current_condition_at) IS DISTINCT FROM (n.condition, n.observed_at)
    """)
    run("DROP TABLE bulk_retracted, bulk_rederived, bulk_newest")
    return retracted


def revert_changes_of(*, by: Actor, into: str = "bulk_change_conflicts", rest: str = "bulk_changes_left") -> int:
    """Revert the attribute changes written through `by.channel` / `by.ref`
    on trees it did not create, as `revert_tree_change` would. Handles the
    trees with one such change of the survey fields; temp table `rest`
    (change_id, tree_id, version) lists the others, for the per-row service. Temp table
    `into` (tree_id, change_id, field, later_version) lists changes refused
    because later work touched the same fields (later_version) or the value
    is no longer the one set. Returns how many were reverted."""
    stamped = stamp(by)
    for name in (into, rest, "bulk_reverts"):
        fresh(name)
    run("""
        CREATE TEMP TABLE bulk_reverts ON COMMIT DROP AS
        SELECT c.id AS change_id, c.tree_id, c.version, c.changes,
               count(*) OVER (PARTITION BY c.tree_id) AS per_tree,
               NOT (c.changes - %(revertible)s::text[]) = '{{}}' AS unusual
        FROM trees_treechange c JOIN trees_tree t ON t.id = c.tree_id
        WHERE c.channel = %(channel)s AND c.channel_ref = %(ref)s::bigint
          AND NOT (t.created_via = %(channel)s AND t.created_via_ref IS NOT DISTINCT FROM %(ref)s::bigint)
    """, {"revertible": list(_REVERTIBLE), **stamped})
    run("""
        CREATE TEMP TABLE {rest} ON COMMIT DROP AS
        SELECT change_id, tree_id, version FROM bulk_reverts WHERE per_tree > 1 OR unusual
    """, rest=rest)
    run("DELETE FROM bulk_reverts WHERE per_tree > 1 OR unusual")
    run("""
        CREATE TEMP TABLE {into} ON COMMIT DROP AS
        SELECT b.tree_id, b.change_id, k.field, min(l.version) AS later_version
        FROM bulk_reverts b JOIN trees_tree t ON t.id = b.tree_id
        CROSS JOIN LATERAL jsonb_object_keys(b.changes) AS k(field)
        LEFT JOIN trees_treechange l ON l.tree_id = b.tree_id AND l.version > b.version AND l.changes ? k.field
        WHERE l.id IS NOT NULL OR (""" + _CURRENT_VALUES + """ -> k.field) IS DISTINCT FROM (b.changes -> k.field -> 1)
        GROUP BY b.tree_id, b.change_id, k.field
    """, into=into)
    run("DELETE FROM bulk_reverts WHERE change_id IN (SELECT change_id FROM {into})", into=into)
    restore = ", ".join(
        f"{f} = CASE WHEN b.changes ? '{f}' THEN (b.changes -> '{f}' ->> 0)::{kind} ELSE t.{f} END"
        for f, kind in (("status", "text"), ("planted_year", "integer"), ("trunk_diameter_cm", "float8"),
                        ("height_m", "float8"), ("crown_diameter_m", "float8"), ("address", "text")))
    reverted = run("""
        UPDATE trees_tree t SET """ + restore + """, version = t.version + 1, updated_at = now(),
               updated_by_id = %(user)s::integer, updated_via = %(channel)s, updated_via_ref = %(ref)s::bigint
        FROM bulk_reverts b WHERE b.tree_id = t.id
    """, stamped)
    run("""
        INSERT INTO trees_treechange (tree_id, version, changes, recorded_at, recorded_by_id, channel, channel_ref)
        SELECT b.tree_id, t.version,
               (SELECT jsonb_object_agg(key, jsonb_build_array(value -> 1, value -> 0)) FROM jsonb_each(b.changes)),
               now(), %(user)s::integer, %(channel)s, %(ref)s::bigint
        FROM bulk_reverts b JOIN trees_tree t ON t.id = b.tree_id
    """, stamped)
    run("DROP TABLE bulk_reverts")
    return reverted


def trees_to_withdraw(*, by: Actor, into: str = "bulk_withdrawn",
                      conflicts: str = "bulk_withdraw_conflicts") -> int:
    """Temp table `into` (tree_id): the trees created through `by.channel` /
    `by.ref` and not yet withdrawn that nobody else has worked on since (no
    change, record or maintenance event through any other channel or
    reference); temp table `conflicts` (tree_id) lists the others, which
    stay. Returns how many may be withdrawn."""
    stamped = stamp(by)
    fresh(conflicts)
    others = """(x.channel <> %(channel)s OR x.channel_ref IS DISTINCT FROM %(ref)s::bigint)"""
    result_table("bulk_created_trees", """
        SELECT t.id AS tree_id,
               EXISTS (SELECT 1 FROM trees_treechange x WHERE x.tree_id = t.id AND """ + others + """)
               OR EXISTS (SELECT 1 FROM trees_conditionrecord x WHERE x.tree_id = t.id AND """ + others + """)
               OR EXISTS (SELECT 1 FROM trees_maintenanceevent x WHERE x.tree_id = t.id AND """ + others + """)
                   AS worked_on
        FROM trees_tree t
        WHERE t.created_via = %(channel)s AND t.created_via_ref = %(ref)s::bigint AND t.status <> 'withdrawn'
    """, stamped)
    run("CREATE TEMP TABLE {conflicts} ON COMMIT DROP AS SELECT tree_id FROM bulk_created_trees WHERE worked_on",
        conflicts=conflicts)
    withdrawable = result_table(into, "SELECT tree_id FROM bulk_created_trees WHERE NOT worked_on")
    run("DROP TABLE bulk_created_trees")
    return withdrawable


def withdraw_trees(*, trees: str, by: Actor) -> int:
    """Withdraw the trees of `trees` (tree_id, from `trees_to_withdraw`) as
    `withdraw_tree` would, once their records are retracted (see
    `retract_records_of`): their current condition is cleared in the same
    update. Returns how many were withdrawn."""
    return set_status(trees=trees, status=TreeStatus.WITHDRAWN, by=by, clear_condition=True)
