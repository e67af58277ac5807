"""Undoing a batch reverts everything it did by appending records; work
done since by others is left alone and named."""
import io

import pytest
from django.core.management import CommandError, call_command

from imports.errors import BatchStateError
from imports.models import ImportBatch
from imports.undo import undo_batch
from tests.factories import elm, make_tree, west_point
from tests.imports import surveys
from trees import services
from trees.models import ConditionRecord, MaintenanceEvent, Tree, TreeChange

PATHS = [False, True]
IDS = ["row by row", "bulk"]


@pytest.fixture
def known_elm(city, by):
    return make_tree(west_point(), by=by, species=elm(), height_m=6, trunk_diameter_cm=25)


def counts():
    return Tree.objects.count(), TreeChange.objects.count(), ConditionRecord.objects.count()


@pytest.mark.parametrize("use_bulk", PATHS, ids=IDS)
def test_undo_withdraws_new_trees_retracts_records_and_reverts_changes(known_elm, volunteer, write_csv, use_bulk):
    path = write_csv([surveys.row("A1", (known_elm.location.x, known_elm.location.y), height="7", diameter="25"),
                      surveys.row("A2", surveys.east(), condition="dead")])
    batch = surveys.run(path, user=volunteer, use_bulk=use_bulk)
    created = Tree.objects.get(created_via="import")
    before_undo = counts()

    batch = undo_batch(batch=batch, user=volunteer, use_bulk=use_bulk)

    assert batch.status == "undone" and batch.undone_by == volunteer
    assert batch.undo_report == {"records_retracted": 2, "changes_reverted": 1, "trees_withdrawn": 1, "conflicts": []}
    known_elm.refresh_from_db()
    created.refresh_from_db()
    assert (known_elm.height_m, known_elm.current_condition, known_elm.status) == (6.0, None, "alive")
    assert created.status == "withdrawn" and created.current_condition is None
    # Nothing erased: every earlier row is still there, the undo only added.
    assert counts()[0] == before_undo[0]
    assert counts()[1] == before_undo[1] + 2 and counts()[2] == before_undo[2] + 2
    retraction = ConditionRecord.objects.filter(retracts=True).first()
    assert retraction.notes == f"undo of import batch #{batch.pk}" and retraction.recorded_by == volunteer


@pytest.mark.parametrize("use_bulk", PATHS, ids=IDS)
def test_later_work_by_others_is_left_and_reported_per_tree(known_elm, volunteer, by, write_csv, use_bulk):
    path = write_csv([surveys.row("A1", (known_elm.location.x, known_elm.location.y), height="7", diameter="25"),
                      surveys.row("A2", surveys.east()), surveys.row("A3", surveys.east(0.001))])
    batch = surveys.run(path, user=volunteer, use_bulk=use_bulk)
    pruned, untouched = Tree.objects.filter(created_via="import").order_by("id")
    services.update_tree(tree=known_elm, by=by, height_m=7.2)  # a gardener measured again
    services.log_maintenance(by=by, kind="whitewashing", tree=pruned)

    batch = undo_batch(batch=batch, user=volunteer, use_bulk=use_bulk)

    conflicts = {c["tree"]: c["text"] for c in batch.undo_report["conflicts"]}
    assert set(conflicts) == {known_elm.pk, pruned.pk}
    assert "height_m changed again in version 3" in conflicts[known_elm.pk]
    assert conflicts[pruned.pk] == f"tree {pruned.pk} was worked on after the import; it stays in the inventory"
    known_elm.refresh_from_db()
    pruned.refresh_from_db()
    untouched.refresh_from_db()
    assert known_elm.height_m == 7.2 and pruned.status == "alive" and untouched.status == "withdrawn"
    assert MaintenanceEvent.objects.filter(tree=pruned).exists()


def test_a_dry_run_cannot_be_undone_and_a_batch_is_undone_once(city, volunteer, write_csv):
    path = write_csv([surveys.row("A1", surveys.west())])
    dry = surveys.run(path, user=volunteer, commit=False)
    with pytest.raises(BatchStateError, match="only a committed batch can be undone"):
        undo_batch(batch=dry, user=volunteer)

    batch = undo_batch(batch=surveys.run(path, user=volunteer), user=volunteer)
    with pytest.raises(BatchStateError):
        undo_batch(batch=batch, user=volunteer)


def test_after_an_undo_the_same_file_can_be_imported_again(city, volunteer, write_csv):
    path = write_csv([surveys.row("A1", surveys.west())])
    undo_batch(batch=surveys.run(path, user=volunteer), user=volunteer)

    again = surveys.run(path, user=volunteer)

    assert again.trees_created == 1
    assert Tree.objects.filter(status="alive").count() == 1 and Tree.objects.filter(status="withdrawn").count() == 1


def test_undo_from_the_command_line(city, volunteer, write_csv):
    batch = surveys.run(write_csv([surveys.row("A1", surveys.west())]), user=volunteer)
    out, err = io.StringIO(), io.StringIO()

    call_command("undo_import", str(batch.pk), "--user", "volunteer1", stdout=out, stderr=err)

    assert (f"Batch #{batch.pk} undone: 1 trees withdrawn, 1 condition records retracted, 0 changes reverted"
            in out.getvalue())
    assert "withdrawing trees" in err.getvalue()  # the progress bar
    assert Tree.objects.get().status == "withdrawn"
    assert ImportBatch.objects.get(pk=batch.pk).undone_by == volunteer
    with pytest.raises(CommandError, match="only a committed batch can be undone\nNothing was changed."):
        call_command("undo_import", str(batch.pk), stdout=out, stderr=err)
    with pytest.raises(CommandError, match="there is no import batch #999"):
        call_command("undo_import", "999", stdout=out, stderr=err)
