"""History must stay append-only even for code that bypasses the services."""
import pytest
from django.db import IntegrityError, connection, transaction

from tests.factories import make_tree
from trees import services


@pytest.fixture
def tree_with_history(city, by):
    tree = make_tree(by=by)
    services.record_condition(tree=tree, by=by, condition="good")
    services.log_maintenance(tree=tree, by=by, kind="watering")
    services.update_tree(tree=tree, by=by, height_m=4)
    return tree


@pytest.mark.parametrize("table", ["trees_conditionrecord", "trees_maintenanceevent", "trees_treechange"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET channel = 'web'", "DELETE FROM {table}"])
def test_database_rejects_rewriting_history(tree_with_history, table, statement):
    with pytest.raises(IntegrityError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement.format(table=table))


def test_orm_delete_of_a_record_is_rejected_too(tree_with_history):
    record = tree_with_history.condition_records.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        record.delete()

    assert tree_with_history.condition_records.count() == 1


def test_check_constraints_hold_for_raw_writes(tree_with_history):
    with pytest.raises(IntegrityError, match="tree_trunk_diameter_plausible"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE trees_tree SET trunk_diameter_cm = -1 WHERE id = %s", [tree_with_history.pk])
