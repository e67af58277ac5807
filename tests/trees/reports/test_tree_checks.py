"""A gardener's on-site check of a report of a dead or felled tree writes
the finding into the inventory through the trees services."""
import pytest

from tests.factories import make_tree, west_point
from trees import services
from trees.models import Channel, ConditionSource, TreeStatus
from trees.services.errors import InvalidValue
from trees.services.reports import change_report_status, record_report_check


@pytest.fixture
def confirmed_report(file_at, by):
    def make(category, **fields):
        report = file_at(category=category, **fields)
        change_report_status(report=report, status="confirmed", by=by)
        return report
    return make


def test_dead_tree_gets_a_verified_condition_record_and_the_report_stays_open(confirmed_report, by, gardener):
    tree = make_tree(west_point(), by=by)
    report = confirmed_report("dead")

    event = record_report_check(report=report, by=by, finding="dead", comment="Dry crown, no leaves in June.")

    tree.refresh_from_db()
    report.refresh_from_db()
    record = tree.condition_records.get()
    assert (record.condition, record.source, record.notes) == ("dead", ConditionSource.VERIFIED_REPORT,
                                                               "Dry crown, no leaves in June.")
    assert (record.recorded_by, record.channel, record.channel_ref) == (gardener, Channel.REPORT, report.pk)
    assert (tree.status, tree.current_condition) == (TreeStatus.DEAD, "dead")
    assert (report.status, event.condition_record) == ("in_progress", record)


def test_then_felling_it_resolves_the_report_with_the_felling(confirmed_report, by):
    tree = make_tree(west_point(), by=by)
    report = confirmed_report("dead")
    record_report_check(report=report, by=by, finding="dead")

    felling = services.log_maintenance(tree=tree, by=by, kind="felling")
    change_report_status(report=report, status="resolved", by=by, maintenance_event=felling)

    tree.refresh_from_db()
    report.refresh_from_db()
    assert (tree.status, report.status) == (TreeStatus.REMOVED, "resolved")


@pytest.mark.parametrize("finding, status", [("felled", TreeStatus.REMOVED), ("stump", TreeStatus.STUMP)])
def test_felled_tree_is_marked_in_the_inventory_and_the_report_resolved(confirmed_report, by, finding, status):
    tree = make_tree(west_point(), by=by)
    report = confirmed_report("felled")

    event = record_report_check(report=report, by=by, finding=finding)

    tree.refresh_from_db()
    change = tree.changes.order_by("-version").first()
    assert tree.status == status
    assert (change.changes["status"], change.channel, change.channel_ref) == (["alive", status], "report", report.pk)
    assert (event.status, event.comment != "") == ("resolved", True)
    assert tree.condition_records.count() == 0


def test_unconfirmed_report_cannot_be_checked(file_at, by):
    make_tree(west_point(), by=by)
    report = file_at(category="felled")

    with pytest.raises(InvalidValue, match="confirm it") as error:
        record_report_check(report=report, by=by, finding="felled")

    assert error.value.field == "status"
    assert report.tree.status == TreeStatus.ALIVE


def test_report_without_a_tree_cannot_change_the_inventory(confirmed_report, by):
    report = confirmed_report("felled")
    assert report.tree is None

    with pytest.raises(InvalidValue, match="not attached to a tree") as error:
        record_report_check(report=report, by=by, finding="felled")

    assert error.value.field == "tree"


def test_a_removed_tree_cannot_be_found_dead(confirmed_report, by):
    tree = make_tree(west_point(), by=by)
    report = confirmed_report("dead")
    services.update_tree(tree=tree, by=by, status=TreeStatus.REMOVED)

    with pytest.raises(InvalidValue, match="cannot be found dead") as error:
        record_report_check(report=report, by=by, finding="dead")

    assert error.value.field == "finding"
    assert tree.condition_records.count() == 0


def test_check_needs_a_person_and_a_known_finding(confirmed_report, by):
    make_tree(west_point(), by=by)
    report = confirmed_report("dead")

    with pytest.raises(InvalidValue, match="signed-in gardener"):
        record_report_check(report=report, by=services.system_actor(), finding="dead")
    with pytest.raises(InvalidValue, match="unknown finding 'burnt'"):
        record_report_check(report=report, by=by, finding="burnt")
