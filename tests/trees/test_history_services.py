import datetime

import pytest
from django.utils import timezone

from tests.factories import make_tree
from trees import services
from trees.models import ConditionRecord, MaintenanceEvent, TreeStatus


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_current_condition_follows_the_newest_observation(city, by):
    tree = make_tree(by=by)
    services.record_condition(tree=tree, by=by, condition="good", observed_at=days_ago(30))
    services.record_condition(tree=tree, by=by, condition="poor", observed_at=days_ago(1), defects=["cavity"])

    tree.refresh_from_db()
    assert tree.current_condition == "poor"


def test_a_late_entry_of_an_old_observation_does_not_override_a_newer_one(city, by):
    tree = make_tree(by=by)
    services.record_condition(tree=tree, by=by, condition="good", observed_at=days_ago(1))
    services.record_condition(tree=tree, by=by, condition="critical", observed_at=days_ago(400))

    tree.refresh_from_db()
    assert tree.current_condition == "good"


def test_correction_supersedes_the_record_and_keeps_it(city, by):
    tree = make_tree(by=by)
    wrong = services.record_condition(tree=tree, by=by, condition="critical")

    services.correct_condition_record(record=wrong, by=by, condition="fair")

    tree.refresh_from_db()
    assert tree.current_condition == "fair"
    assert ConditionRecord.objects.filter(tree=tree).count() == 2


def test_retraction_falls_back_to_the_previous_observation(city, by):
    tree = make_tree(by=by)
    services.record_condition(tree=tree, by=by, condition="good", observed_at=days_ago(10))
    imported = services.record_condition(tree=tree, by=by, condition="dead", observed_at=days_ago(1))

    services.retract_condition_record(record=imported, by=by)

    tree.refresh_from_db()
    assert tree.current_condition == "good"


def test_a_record_can_be_corrected_only_once(city, by):
    tree = make_tree(by=by)
    record = services.record_condition(tree=tree, by=by, condition="good")
    services.retract_condition_record(record=record, by=by)

    with pytest.raises(services.HistoryConflict):
        services.correct_condition_record(record=record, by=by, condition="fair")


def test_observing_a_standing_tree_dead_marks_it_dead(city, by):
    tree = make_tree(by=by)

    services.record_condition(tree=tree, by=by, condition="dead")

    tree.refresh_from_db()
    assert tree.status == TreeStatus.DEAD


@pytest.mark.parametrize("kwargs, field", [
    ({"condition": "splendid"}, "condition"),
    ({"condition": "good", "defects": ["aliens"]}, "defects"),
    ({"condition": "good", "observed_at": timezone.now() + datetime.timedelta(days=3)}, "observed_at"),
])
def test_bad_observations_are_refused_naming_the_field(city, by, kwargs, field):
    tree = make_tree(by=by)

    with pytest.raises(services.InvalidValue) as error:
        services.record_condition(tree=tree, by=by, **kwargs)

    assert error.value.field == field
    assert not ConditionRecord.objects.exists()


def test_felling_marks_tree_removed_and_keeps_history(city, by):
    tree = make_tree(by=by)
    services.record_condition(tree=tree, by=by, condition="critical")

    services.log_maintenance(tree=tree, by=by, kind="felling", contractor="Zhashyl Shaar LLC")

    tree.refresh_from_db()
    assert tree.status == TreeStatus.REMOVED
    assert tree.condition_records.count() == 1
    assert tree.maintenance_events.get().contractor == "Zhashyl Shaar LLC"


def test_pruning_leaves_status_alone(city, by):
    tree = make_tree(by=by)

    services.log_maintenance(tree=tree, by=by, kind="sanitary_pruning")

    tree.refresh_from_db()
    assert tree.status == TreeStatus.ALIVE and tree.version == 1


def test_unknown_kind_of_work_is_refused(city, by):
    tree = make_tree(by=by)

    with pytest.raises(services.InvalidValue) as error:
        services.log_maintenance(tree=tree, by=by, kind="dancing")

    assert error.value.field == "kind"
    assert not MaintenanceEvent.objects.exists()


def test_retracting_work_appends_a_retraction(city, by):
    tree = make_tree(by=by)
    event = services.log_maintenance(tree=tree, by=by, kind="watering")

    retraction = services.retract_maintenance_event(event=event, by=by)

    assert retraction.corrects == event and retraction.retracts
    assert MaintenanceEvent.objects.count() == 2
