"""A large first import into an empty inventory builds the trees tables'
indexes and foreign keys after the rows (trees.services.bulk_load). It must
leave the same inventory as the usual path, and the same schema whether it
succeeds or fails."""
import pytest
from django.db import connection

from tests.factories import make_tree, west_point
from tests.imports import surveys
from tests.imports.test_bulk_equivalence import outcome
from trees.services import bulk, bulk_load


def schema() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT tablename, indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1, 2
        """, [list(bulk_load.TABLES)])
        indexes = cursor.fetchall()
        cursor.execute("""
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint
            WHERE conrelid::regclass::text = ANY(%s) ORDER BY 1, 2
        """, [list(bulk_load.TABLES)])
        return {"indexes": indexes, "constraints": cursor.fetchall()}


@pytest.fixture
def first_load_from(settings):
    def choose(rows: int):
        settings.GREENMAP = {**settings.GREENMAP, "BULK_LOAD_MIN_ROWS": rows}
    return choose


@pytest.fixture
def survey(write_csv):
    return write_csv([surveys.row("a", surveys.east(), condition="good"),
                      surveys.row("b", surveys.east(0.001), condition="dead"),
                      surveys.row("c", surveys.east(0.002), condition="", date=""),
                      surveys.row("d", (west_point().x, west_point().y), height="7", condition="poor")])


def test_a_first_load_leaves_the_same_inventory_and_schema(city, volunteer, survey, first_load_from, monkeypatch):
    before = schema()
    used = []
    real = bulk_load.indexes_built_after

    def steps(use_bulk):
        batch = surveys.run(survey, user=volunteer, use_bulk=use_bulk)
        assert schema() == before
        return batch.trees_created, batch.condition_records

    first_load_from(10**9)
    usual, usual_state = outcome(steps, use_bulk=True)
    first_load_from(1)
    monkeypatch.setattr(bulk_load, "indexes_built_after", lambda rows: _Recording(real(rows), used))
    first, first_state = outcome(steps, use_bulk=True)
    assert used == [True]
    assert usual == first == (4, 3)
    assert usual_state == first_state
    assert schema() == before


def test_a_failed_first_load_puts_indexes_and_keys_back(city, volunteer, survey, first_load_from, monkeypatch):
    before = schema()
    first_load_from(1)

    def broken(*, source, stamped):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(bulk, "_insert_records", broken)
    with pytest.raises(RuntimeError, match="disk is full"):
        surveys.run(survey, user=volunteer, use_bulk=True)
    assert schema() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM trees_tree")
        assert cursor.fetchone()[0] == 0


def test_an_inventory_with_trees_is_loaded_the_usual_way(city, by, first_load_from):
    make_tree(west_point(), by=by)
    first_load_from(1)
    with bulk_load.indexes_built_after(10) as deferred:
        assert deferred is False
        assert schema()["indexes"]


class _Recording:
    """Wraps the context manager to record whether it deferred the indexes."""

    def __init__(self, manager, seen):
        self.manager, self.seen = manager, seen

    def __enter__(self):
        deferred = self.manager.__enter__()
        self.seen.append(deferred)
        return deferred

    def __exit__(self, *exc):
        return self.manager.__exit__(*exc)
