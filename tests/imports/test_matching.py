"""A surveyed tree that is already in the inventory is updated, not
duplicated; doubtful matches are held for a person; importing the same
file again changes nothing."""
import datetime

import pytest
from django.utils import timezone

from imports.models import RowAction
from tests.factories import elm, make_tree, west_point
from tests.imports import surveys
from trees import services
from trees.models import Channel, ConditionRecord, Species, Tree, TreeChange


def snapshot():
    return (sorted(Tree.objects.values_list("id", "version", "status", "height_m", "current_condition")),
            ConditionRecord.objects.count(), TreeChange.objects.count())


@pytest.fixture
def known_elm(city, by):
    return make_tree(west_point(), by=by, species=elm(), height_m=6, trunk_diameter_cm=25)


def test_a_row_a_metre_from_a_known_tree_of_its_species_updates_that_tree(known_elm, volunteer, write_csv):
    lon, lat = known_elm.location.x, known_elm.location.y + 0.00001  # about 1.1 m north
    path = write_csv([surveys.row("A1", (lon, lat), height="7.5", diameter="25", condition="poor")])

    batch = surveys.run(path, user=volunteer)

    row = surveys.report(batch)[2]
    assert (row.action, row.tree_id, batch.trees_created, batch.trees_updated) == ("update", known_elm.pk, 0, 1)
    known_elm.refresh_from_db()
    assert (known_elm.height_m, known_elm.current_condition, known_elm.version) == (7.5, "poor", 2)
    change = TreeChange.objects.get(tree=known_elm, version=2)
    assert change.changes == {"height_m": [6.0, 7.5]}
    assert (change.channel, change.channel_ref, change.recorded_by) == (Channel.IMPORT, batch.pk, volunteer)
    record = ConditionRecord.objects.get(pk=row.condition_record_id)
    assert (record.source, record.channel_ref, timezone.localdate(record.observed_at)) == ("survey_import", batch.pk,
                                                                             datetime.date(2024, 5, 17))
    assert Tree.objects.count() == 1


def test_a_tree_of_another_species_nearby_does_not_absorb_the_row(known_elm, write_csv):
    path = write_csv([surveys.row("A1", (known_elm.location.x, known_elm.location.y + 0.00001), species="Acer negundo")])

    batch = surveys.run(path)

    row = surveys.report(batch)[2]
    assert row.action == RowAction.CREATE and row.tree_id != known_elm.pk
    assert f"tree #{known_elm.pk} (Ulmus pumila) is 1.1 m away; a new tree is added" in surveys.texts(row)


def test_two_known_trees_within_reach_hold_the_row_for_a_person(known_elm, by, write_csv):
    other = make_tree(west_point(dy=0.00002), by=by, species=elm())
    path = write_csv([surveys.row("A1", (known_elm.location.x, known_elm.location.y + 0.00001))])

    before = snapshot()
    batch = surveys.run(path)

    row = surveys.report(batch)[2]
    assert row.action == RowAction.HELD and row.has_warnings
    assert f"2 trees of this species are within 3 m (#{known_elm.pk} at 1.1 m, #{other.pk} at 1.1 m)" in \
        surveys.texts(row)
    assert batch.rows_held == 1 and snapshot() == before


def test_naming_the_tree_by_its_inventory_number_settles_the_match(known_elm, by, write_csv):
    make_tree(west_point(dy=0.00002), by=by, species=elm())
    point = (known_elm.location.x, known_elm.location.y + 0.00001)
    path = write_csv([[known_elm.pk, *reversed(point), "Ulmus pumila", "9"]],
                     header=["inventory_tree_id", "lat", "lon", "species", "height"])

    batch = surveys.run(path)

    assert surveys.report(batch)[2].action == RowAction.UPDATE
    known_elm.refresh_from_db()
    assert known_elm.height_m == 9


def test_a_row_naming_a_tree_that_does_not_exist_is_rejected(city, write_csv):
    path = write_csv([[999999, *reversed(surveys.west())]], header=["inventory_tree_id", "lat", "lon"])

    row = surveys.report(surveys.run(path))[2]

    assert row.action == RowAction.REJECTED and "tree #999999 is not in the inventory" in surveys.texts(row)


def test_two_rows_claiming_one_tree_are_both_held(known_elm, write_csv):
    x, y = known_elm.location.x, known_elm.location.y
    batch = surveys.run(write_csv([surveys.row("A1", (x, y + 0.00001)), surveys.row("A2", (x, y - 0.00001))]))

    rows = surveys.report(batch)
    assert [rows[2].action, rows[3].action] == [RowAction.HELD, RowAction.HELD]
    assert f"rows 2, 3 all match tree #{known_elm.pk}" in surveys.texts(rows[2])


def test_a_withdrawn_tree_is_not_matched(known_elm, by, write_csv):
    services.withdraw_tree(tree=known_elm, by=by)

    row = surveys.report(surveys.run(write_csv([surveys.row("A1", (known_elm.location.x, known_elm.location.y))])))[2]

    assert row.action == RowAction.CREATE


def test_the_same_observation_is_not_recorded_twice_but_a_new_one_is(known_elm, write_csv):
    point = (known_elm.location.x, known_elm.location.y)
    surveys.run(write_csv([surveys.row("A1", point, height="6", diameter="25")]))

    again = surveys.run(write_csv([surveys.row("A1", point, height="6", diameter="25")], name="again.csv"))
    later = surveys.run(write_csv([surveys.row("A1", point, height="6", diameter="25", date="2024-09-01",
                                               condition="fair")], name="later.csv"))

    assert surveys.report(again)[2].action == RowAction.UNCHANGED
    assert surveys.report(later)[2].action == RowAction.UPDATE
    known_elm.refresh_from_db()
    assert known_elm.current_condition == "fair" and known_elm.version == 1
    assert ConditionRecord.objects.filter(tree=known_elm).count() == 2


def test_an_older_survey_does_not_override_a_newer_condition(known_elm, by, write_csv):
    services.record_condition(by=by, tree=known_elm, condition="good", observed_at=timezone.now())

    surveys.run(write_csv([surveys.row("A1", (known_elm.location.x, known_elm.location.y), condition="critical",
                                       date="2020-04-01", height="6", diameter="25")]))

    known_elm.refresh_from_db()
    assert known_elm.current_condition == "good"
    assert ConditionRecord.objects.filter(tree=known_elm, condition="critical").exists()


@pytest.mark.parametrize("use_bulk", [False, True], ids=["row by row", "bulk"])
def test_reimporting_the_same_file_changes_nothing(city, volunteer, write_csv, use_bulk):
    path = write_csv([surveys.row("A1", surveys.west()), surveys.row("A2", surveys.east(), condition="dead"),
                      surveys.row("A3", surveys.west(0.001), species="", condition="", date=""),
                      surveys.row("A4", (75.5, 42.5))])
    first = surveys.run(path, user=volunteer, use_bulk=use_bulk)
    after_first = snapshot()

    second = surveys.run(path, user=volunteer, use_bulk=use_bulk)

    assert snapshot() == after_first
    assert (first.trees_created, second.trees_created, second.rows_unchanged, second.rows_rejected) == (3, 0, 3, 1)
    assert any(f"committed before as batch #{first.pk}" in note["text"] for note in second.notes)


def test_species_size_limits_come_from_the_species(city, write_csv):
    Species.objects.filter(scientific_name="Prunus armeniaca").update(max_height_m=10)

    row = surveys.report(surveys.run(write_csv([surveys.row("A1", surveys.west(), species="Урюк", height="11")]),
                                     commit=False))[2]

    assert "11 m is larger than any Prunus armeniaca grows (at most 10 m)" in surveys.texts(row)


def test_import_attributes_new_trees_to_the_batch(city, volunteer, write_csv):
    batch = surveys.run(write_csv([surveys.row("A1", surveys.west())]), user=volunteer)

    tree = Tree.objects.get()
    assert (tree.created_via, tree.created_via_ref, tree.created_by) == ("import", batch.pk, volunteer)
    assert tree.external_ids == {"survey_id": "A1"} and tree.district.code == "west"
    first = TreeChange.objects.get(tree=tree)
    assert (first.channel, first.channel_ref, first.version) == ("import", batch.pk, 1)


def test_matching_uses_metres_not_degrees(known_elm, write_csv, settings):
    settings.GREENMAP = {**settings.GREENMAP, "IMPORT_MATCH_DISTANCE_M": 3}
    # 0.00003 degrees of longitude is about 2.4 m at this latitude, 0.00003 of latitude about 3.3 m.
    east = surveys.run(write_csv([surveys.row("A1", (known_elm.location.x + 0.00003, known_elm.location.y),
                                              height="6", diameter="25")]))
    north = surveys.run(write_csv([surveys.row("A1", (known_elm.location.x, known_elm.location.y + 0.00003),
                                               height="6", diameter="25")], name="n.csv"))

    assert surveys.report(east)[2].tree_id == known_elm.pk
    assert surveys.report(north)[2].action == RowAction.CREATE


@pytest.mark.parametrize("use_bulk", [False, True], ids=["row by row", "bulk"])
def test_an_import_by_nobody_in_particular_is_attributed_to_its_batch(city, write_csv, use_bulk):
    batch = surveys.run(write_csv([surveys.row("A1", surveys.west(), condition="dead")]), user=None, use_bulk=use_bulk)

    tree = Tree.objects.get()
    assert (tree.created_by, tree.created_via_ref, tree.status) == (None, batch.pk, "dead")
    assert set(TreeChange.objects.values_list("channel_ref", flat=True)) == {batch.pk}
