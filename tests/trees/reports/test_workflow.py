"""The report workflow: allowed transitions, what each needs, the appended
events, the timestamps the statistics are made of."""
import pytest
from django.db import IntegrityError, connection, transaction

from tests.factories import make_tree, west_point
from trees import services
from trees.models import ReportStatus, ReportStatusEvent
from trees.services.errors import InvalidValue
from trees.services.reports import change_report_status, check_status_change


def test_report_goes_from_received_to_resolved_with_the_work_done(file_at, by, gardener, moderator):
    tree = make_tree(west_point(), by=by)
    report = file_at(category="damaged")
    moderator_actor = services.Actor(user=moderator, channel="admin")

    change_report_status(report=report, status="confirmed", by=moderator_actor, comment="Thank you, we will look.")
    change_report_status(report=report, status="assigned", by=moderator_actor, assignee=gardener)
    change_report_status(report=report, status="in_progress", by=by)
    pruning = services.log_maintenance(tree=tree, by=by, kind="sanitary_pruning")
    change_report_status(report=report, status="resolved", by=by, maintenance_event=pruning)

    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED
    assert report.received_at <= report.acknowledged_at <= report.resolved_at
    assert report.assignee is None
    events = list(report.status_events.order_by("id"))
    assert [(e.previous_status, e.status) for e in events] == [
        ("", "received"), ("received", "confirmed"), ("confirmed", "assigned"), ("assigned", "in_progress"),
        ("in_progress", "resolved")]
    assert [e.recorded_by for e in events] == [None, moderator, moderator, gardener, gardener]
    assert events[1].comment == "Thank you, we will look."
    assert events[2].assignee == gardener
    assert events[4].maintenance_event == pruning


def test_acknowledged_at_is_the_first_response_only(file_at, by):
    report = file_at()
    change_report_status(report=report, status="confirmed", by=by)
    report.refresh_from_db()
    first = report.acknowledged_at

    change_report_status(report=report, status="unable_to_fix", by=by, comment="Private land.")
    change_report_status(report=report, status="confirmed", by=by)

    report.refresh_from_db()
    assert report.acknowledged_at == first
    assert report.resolved_at is None  # reopened


@pytest.mark.parametrize("path, refused", [
    ([], "resolved"),
    ([], "in_progress"),
    (["confirmed"], "received"),
    (["confirmed"], "confirmed"),
])
def test_transitions_the_workflow_does_not_allow_are_refused(file_at, by, path, refused):
    report = file_at()
    for status in path:
        change_report_status(report=report, status=status, by=by)

    with pytest.raises(InvalidValue, match=f"cannot become {refused}") as error:
        change_report_status(report=report, status=refused, by=by, comment="done")

    assert error.value.field == "status"
    assert report.status_events.count() == 1 + len(path)


def test_unknown_status_is_refused(file_at, by):
    with pytest.raises(InvalidValue, match="unknown status 'done'"):
        change_report_status(report=file_at(), status="done", by=by)


def test_rejection_needs_a_reason(file_at, by):
    report = file_at()

    with pytest.raises(InvalidValue, match="say why") as error:
        change_report_status(report=report, status="rejected", by=by)

    assert error.value.field == "reason"
    change_report_status(report=report, status="rejected", reason="spam", by=by)
    report.refresh_from_db()
    assert (report.status, report.resolved_at is not None) == ("rejected", True)


def test_rejecting_as_duplicate_links_the_original_and_reopening_unlinks_it(file_at, by):
    original = file_at(west_point(dx=0.001))
    report = file_at()

    event = change_report_status(report=report, status="rejected", duplicate_of=original, by=by)
    report.refresh_from_db()
    assert (event.reason, event.duplicate_of, report.duplicate_of) == ("duplicate", original, original)

    change_report_status(report=report, status="confirmed", by=by, comment="Not the same tree after all.")
    report.refresh_from_db()
    assert report.duplicate_of is None
    assert report.status_events.filter(duplicate_of=original).count() == 1  # history keeps it


def test_a_report_cannot_duplicate_itself_or_its_own_duplicate(file_at, by):
    first, second = file_at(), file_at(west_point(dx=0.001))
    change_report_status(report=second, status="rejected", duplicate_of=first, by=by)

    with pytest.raises(InvalidValue, match="this report") as itself:
        change_report_status(report=first, status="rejected", duplicate_of=first, by=by)
    with pytest.raises(InvalidValue, match="this report") as cycle:
        change_report_status(report=first, status="rejected", duplicate_of=second, by=by)

    assert itself.value.field == cycle.value.field == "duplicate_of"


def test_duplicate_reason_without_original_is_refused(file_at, by):
    with pytest.raises(InvalidValue, match="name the report") as error:
        change_report_status(report=file_at(), status="rejected", reason="duplicate", by=by)

    assert error.value.field == "duplicate_of"


def test_giving_up_or_resolving_must_tell_the_resident_why_or_what(file_at, by):
    report = file_at()
    change_report_status(report=report, status="confirmed", by=by)

    with pytest.raises(InvalidValue, match="why it cannot be fixed") as unable:
        change_report_status(report=report, status="unable_to_fix", by=by, comment="   ")
    with pytest.raises(InvalidValue, match="what was done") as resolved:
        change_report_status(report=report, status="resolved", by=by)

    assert unable.value.field == resolved.value.field == "comment"


def test_work_on_another_tree_cannot_resolve_the_report(file_at, by):
    reported = make_tree(west_point(), by=by)
    other = make_tree(west_point(dx=0.001), by=by)
    report = file_at(tree=reported)
    change_report_status(report=report, status="confirmed", by=by)
    watering = services.log_maintenance(tree=other, by=by, kind="watering")

    with pytest.raises(InvalidValue, match="another tree") as error:
        change_report_status(report=report, status="resolved", by=by, maintenance_event=watering)

    assert error.value.field == "maintenance_event"


def test_comment_longer_than_the_limit_is_refused(file_at, by):
    with pytest.raises(InvalidValue, match="at most 2000") as error:
        change_report_status(report=file_at(), status="confirmed", by=by, comment="x" * 2001)

    assert error.value.field == "comment"


def test_checking_a_change_writes_nothing(file_at, by):
    report = file_at()

    assert check_status_change(report=report, status="rejected", reason="spam") == "spam"
    with pytest.raises(InvalidValue):
        check_status_change(report=report, status="resolved")

    report.refresh_from_db()
    assert (report.status, report.status_events.count()) == ("received", 1)


@pytest.mark.parametrize("statement", [
    "UPDATE trees_reportstatusevent SET comment = 'we never said that'",
    "DELETE FROM trees_reportstatusevent",
])
def test_status_events_are_append_only_in_the_database(file_at, by, statement):
    report = file_at()
    change_report_status(report=report, status="confirmed", by=by, comment="On our list.")

    with pytest.raises(IntegrityError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)

    assert list(ReportStatusEvent.objects.filter(report=report).values_list("comment", flat=True)
                .order_by("id")) == ["", "On our list."]
