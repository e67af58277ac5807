"""Writing the decided rows into the inventory, always through
`trees.services`: one service call per row for small files, the set-based
`trees.services.bulk` for large ones. Both leave the same trees, history
and ids-per-row (temp tables `bulk_created` and `bulk_updated`)."""
from __future__ import annotations

import json
from contextlib import contextmanager

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import connection

from imports.errors import RowFailure
from trees import services
from trees.models import ConditionSource, Species
from trees.services import bulk

SIZE_FIELDS = ("status", "planted_year", "trunk_diameter_cm", "height_m", "crown_diameter_m", "address")


def bulk_threshold() -> int:
    return int(getattr(settings, "IMPORT_BULK_MIN_ROWS", 2000))


def apply_decisions(*, by: services.Actor, use_bulk: bool | None = None) -> None:
    if use_bulk is None:
        use_bulk = _count("SELECT count(*) FROM survey_creates") + _count(
            "SELECT count(*) FROM survey_compared") >= bulk_threshold()
    if use_bulk:
        with _row(None):
            bulk.create_trees(rows="survey_creates", places="survey_located", by=by, into="bulk_created")
            bulk.update_trees(rows="survey_matched", changes="survey_compared", by=by, into="bulk_updated")
    else:
        _apply_row_by_row(by=by)


def _count(statement: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetchone()[0]


_ROW_COLUMNS = ("row_number, ST_X(location), ST_Y(location), species_id, status, planted_year, trunk_diameter_cm, "
                "height_m, crown_diameter_m, address, external_ids, condition, defects, observed_at, notes")


def _rows(statement: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetchall()


def _apply_row_by_row(*, by: services.Actor) -> None:
    species = {s.pk: s for s in Species.objects.all()}
    created, updated = [], []
    for (number, lon, lat, species_id, status, year, diameter, height, crown, address, external_ids, condition,
         defects, observed_at, notes) in _rows(f"SELECT {_ROW_COLUMNS} FROM survey_creates ORDER BY row_number"):
        with _row(number):
            tree = services.create_tree(
                location=Point(lon, lat, srid=4326), by=by, species=species.get(species_id),
                status=status or "alive", planted_year=year, trunk_diameter_cm=diameter, height_m=height,
                crown_diameter_m=crown, address=address, external_ids=json.loads(external_ids))
            record = _record(tree, condition, defects, observed_at, notes, by=by)
        created.append((number, tree.pk, record))
    for (number, tree_id, changes, new_record, status, year, diameter, height, crown, address, condition, defects,
         observed_at, notes) in _rows("""
            SELECT c.row_number, c.tree_id, c.changes, c.new_record, m.status, m.planted_year,
                   m.trunk_diameter_cm, m.height_m, m.crown_diameter_m, m.address, m.condition, m.defects,
                   m.observed_at, m.notes
            FROM survey_compared c JOIN survey_matched m USING (row_number)
            WHERE c.changes <> '{}' OR c.new_record ORDER BY c.row_number"""):
        surveyed = dict(zip(SIZE_FIELDS, (status, year, diameter, height, crown, address)))
        with _row(number):
            tree = services.update_tree(tree=tree_id, by=by,
                                        **{f: v for f, v in surveyed.items() if v not in (None, "")})
            record = _record(tree, condition, defects, observed_at, notes, by=by) if new_record else None
        updated.append((number, tree_id, changes != "{}", record))
    _results_table("bulk_created", "row_number integer, tree_id bigint, condition_record_id bigint", created)
    _results_table("bulk_updated", "row_number integer, tree_id bigint, changed boolean, condition_record_id bigint",
                   updated)


@contextmanager
def _row(number: int | None):
    """A service's refusal, as a failure naming the row (the bulk services
    say which row themselves)."""
    try:
        yield
    except services.InventoryError as error:
        raise RowFailure(getattr(error, "row_number", number), error.field, error.message) from error


def _record(tree, condition, defects, observed_at, notes, *, by):
    if not condition:
        return None
    return services.record_condition(by=by, tree=tree, condition=condition, observed_at=observed_at,
                                     defects=defects or [], notes=notes or "",
                                     source=ConditionSource.SURVEY_IMPORT).pk


def _results_table(name: str, columns: str, rows: list[tuple]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMP TABLE {name} ({columns}) ON COMMIT DROP")
        if rows:
            placeholders = ", ".join(["%s"] * len(rows[0]))
            cursor.executemany(f"INSERT INTO {name} VALUES ({placeholders})", rows)


def ensure_result_tables() -> None:
    """A dry run writes nothing; empty result tables keep the report's SQL one."""
    for name, columns in (("bulk_created", "row_number integer, tree_id bigint, condition_record_id bigint"),
                          ("bulk_updated", "row_number integer, tree_id bigint, changed boolean, "
                                           "condition_record_id bigint")):
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns}) ON COMMIT DROP")
