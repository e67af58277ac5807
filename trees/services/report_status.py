"""Moving a citizen report through its workflow, in the style of FixMyStreet
and city 311 services:

    received → confirmed | rejected (spam, duplicate of report N, not ours)
    confirmed → assigned → in progress → resolved | unable to fix
    rejected, resolved, unable to fix → confirmed (reopened)

Every change appends a `ReportStatusEvent` (who, when, a public comment);
the report's own status and timestamps follow in the same transaction."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from trees.models import (
    Channel, CitizenReport, ConditionClass, ConditionSource, MaintenanceEvent, RejectionReason, ReportStatus,
    ReportStatusEvent, TreeStatus,
)
from trees.models.report import CLOSED_REPORT_STATUSES
from trees.services.actor import Actor
from trees.services.errors import InvalidValue
from trees.services.history import record_condition
from trees.services.trees import update_tree

S = ReportStatus
ALLOWED_TRANSITIONS = {
    S.RECEIVED: {S.CONFIRMED, S.REJECTED},
    S.CONFIRMED: {S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED, S.UNABLE_TO_FIX, S.REJECTED},
    S.ASSIGNED: {S.ASSIGNED, S.CONFIRMED, S.IN_PROGRESS, S.RESOLVED, S.UNABLE_TO_FIX},
    S.IN_PROGRESS: {S.IN_PROGRESS, S.ASSIGNED, S.RESOLVED, S.UNABLE_TO_FIX},
    S.REJECTED: {S.CONFIRMED},
    S.RESOLVED: {S.CONFIRMED},
    S.UNABLE_TO_FIX: {S.CONFIRMED},
}
# What a gardener can find when checking a report of a dead or felled tree:
# the tree status it leads to, and the report status that follows.
CHECK_FINDINGS = {
    "dead": (TreeStatus.DEAD, S.IN_PROGRESS),     # still standing: it has to be felled
    "felled": (TreeStatus.REMOVED, S.RESOLVED),   # gone: the inventory now says so
    "stump": (TreeStatus.STUMP, S.RESOLVED),
}


def check_status_change(*, report: CitizenReport, status: str, comment: str = "", reason: str = "",
                        duplicate_of: CitizenReport | None = None, maintenance_event: MaintenanceEvent | None = None,
                        assignee=None) -> str:
    """Raise `InvalidValue(field=...)` if `change_report_status` would refuse
    these arguments; write nothing. Returns the rejection reason to use."""
    if status not in S.values:
        raise InvalidValue(f"unknown status {status!r}; one of {', '.join(S.values)}", field="status")
    if status not in ALLOWED_TRANSITIONS[report.status]:
        allowed = ", ".join(sorted(ALLOWED_TRANSITIONS[report.status])) or "none"
        raise InvalidValue(f"a {report.status} report cannot become {status}; it can become: {allowed}",
                           field="status")
    limit = ReportStatusEvent._meta.get_field("comment").max_length
    if len(comment) > limit:
        raise InvalidValue(f"{len(comment)} characters is too long; at most {limit} are accepted", field="comment")
    reason = reason or (RejectionReason.DUPLICATE if duplicate_of is not None else "")
    if status == S.REJECTED:
        _check_rejection(report, reason=reason, duplicate_of=duplicate_of)
    elif reason or duplicate_of is not None:
        raise InvalidValue("a reason or original report is given only when rejecting", field="reason")
    if status == S.UNABLE_TO_FIX and not comment.strip():
        raise InvalidValue("say why it cannot be fixed: the resident reads this comment", field="comment")
    if status == S.RESOLVED and not comment.strip() and maintenance_event is None:
        raise InvalidValue("say what was done, or link the maintenance event", field="comment")
    if maintenance_event is not None:
        _check_maintenance_event(report, status=status, event=maintenance_event)
    if assignee is not None and status != S.ASSIGNED:
        raise InvalidValue("an assignee is given only when assigning", field="assignee")
    return reason


def _check_rejection(report, *, reason, duplicate_of) -> None:
    if reason not in RejectionReason.values:
        raise InvalidValue(f"say why the report is rejected: one of {', '.join(RejectionReason.values)}",
                           field="reason")
    if reason != RejectionReason.DUPLICATE:
        if duplicate_of is not None:
            raise InvalidValue("an original report is given only for duplicates", field="duplicate_of")
        return
    if duplicate_of is None:
        raise InvalidValue("name the report this one duplicates", field="duplicate_of")
    # Follow the stored chain of originals: it must not lead back here.
    original, seen = duplicate_of.pk, set()
    while original is not None and original not in seen:
        if original == report.pk:
            raise InvalidValue(f"report {duplicate_of.tracking_code} is (a duplicate of) this report",
                               field="duplicate_of")
        seen.add(original)
        original = CitizenReport.objects.filter(pk=original).values_list("duplicate_of_id", flat=True).first()
    if duplicate_of.municipality_id != report.municipality_id:
        raise InvalidValue(f"report {duplicate_of.tracking_code} is in another municipality", field="duplicate_of")


def _check_maintenance_event(report, *, status, event) -> None:
    if status != S.RESOLVED:
        raise InvalidValue("link the work done when resolving the report", field="maintenance_event")
    if event.retracts:
        raise InvalidValue(f"maintenance event {event.pk} is a retraction, not work done", field="maintenance_event")
    if report.tree_id and event.tree_id != report.tree_id:
        raise InvalidValue(f"maintenance event {event.pk} is about another tree than the report",
                           field="maintenance_event")
    if event.municipality_id != report.municipality_id:
        raise InvalidValue(f"maintenance event {event.pk} is in another municipality", field="maintenance_event")


@transaction.atomic
def change_report_status(*, report: CitizenReport, status: str, by: Actor, comment: str = "", reason: str = "",
                         duplicate_of: CitizenReport | None = None, maintenance_event: MaintenanceEvent | None = None,
                         assignee=None, condition_record=None) -> ReportStatusEvent:
    """Move `report` to `status` and append the event saying so.

    Refuses (`InvalidValue` naming the field) a transition the workflow does
    not allow, a rejection without `reason` (spam, duplicate,
    not_responsible; `duplicate_of` implies duplicate and must name another
    report), giving up or resolving without a comment (or, for resolving, a
    linked `maintenance_event` on the report's tree). The first response
    sets `acknowledged_at`; closing sets `resolved_at`; reopening clears it.
    `comment` is public: the resident reads it on the tracking page."""
    report = CitizenReport.objects.select_for_update().get(pk=report.pk)
    comment = (comment or "").strip()
    reason = check_status_change(report=report, status=status, comment=comment, reason=reason,
                                 duplicate_of=duplicate_of, maintenance_event=maintenance_event, assignee=assignee)
    now = timezone.now()
    event = ReportStatusEvent.objects.create(
        municipality_id=report.municipality_id, report=report, previous_status=report.status, status=status,
        reason=reason, comment=comment, duplicate_of=duplicate_of, assignee=assignee,
        maintenance_event=maintenance_event, condition_record=condition_record, **by.stamp())
    if report.status == S.RECEIVED and report.acknowledged_at is None:
        report.acknowledged_at = now
    if status in CLOSED_REPORT_STATUSES:
        report.resolved_at = now
    elif report.status in CLOSED_REPORT_STATUSES:  # reopened
        report.resolved_at = None
        report.duplicate_of = None
    if status == S.REJECTED:
        report.duplicate_of = duplicate_of
    if status == S.ASSIGNED:
        report.assignee = assignee
    elif status in (S.CONFIRMED,) + CLOSED_REPORT_STATUSES:
        report.assignee = None
    report.status, report.updated_at = status, now
    report.save(update_fields=["status", "acknowledged_at", "resolved_at", "duplicate_of", "assignee", "updated_at"])
    return event


@transaction.atomic
def record_report_check(*, report: CitizenReport, by: Actor, finding: str, comment: str = "") -> ReportStatusEvent:
    """A gardener checked on site a confirmed report that a tree is dead or
    felled: write what they found into the inventory and move the report on.

    `finding` is `dead` (a verified `dead` condition record; the tree's
    status becomes dead; the report goes in progress, as the tree still has
    to be felled), `felled` (status removed; report resolved) or `stump`
    (status stump; report resolved). Inventory changes are attributed to the
    gardener through channel "citizen report N". Refuses reports that are
    not confirmed and open, or not attached to a tree."""
    report = CitizenReport.objects.select_for_update().get(pk=report.pk)
    if finding not in CHECK_FINDINGS:
        raise InvalidValue(f"unknown finding {finding!r}; one of {', '.join(CHECK_FINDINGS)}", field="finding")
    if by.user is None:
        raise InvalidValue("an on-site check is recorded by a signed-in gardener", field="by")
    if report.status in (S.RECEIVED,) + CLOSED_REPORT_STATUSES:
        raise InvalidValue(f"the report is {report.status}: confirm it (or reopen it) before recording a check",
                           field="status")
    if report.tree_id is None:
        raise InvalidValue("the report is not attached to a tree of the inventory; add or attach the tree first",
                           field="tree")
    tree_status, report_status = CHECK_FINDINGS[finding]
    standing = (TreeStatus.ALIVE, TreeStatus.DEAD)
    if report.tree.status not in (standing if finding == "dead" else standing + (TreeStatus.STUMP, TreeStatus.REMOVED)):
        raise InvalidValue(f"tree {report.tree_id} is {report.tree.status}; it cannot be found {finding}",
                           field="finding")
    as_report = Actor(user=by.user, channel=Channel.REPORT, ref=report.pk)
    record = None
    if finding == "dead":
        record = record_condition(tree=report.tree, by=as_report, condition=ConditionClass.DEAD,
                                  source=ConditionSource.VERIFIED_REPORT, notes=comment)
    update_tree(tree=report.tree_id, by=as_report, status=tree_status)
    default_comment = {"dead": gettext("Checked on site: the tree is dead and will be felled."),
                       "felled": gettext("Checked on site: the tree has been felled; the inventory is updated."),
                       "stump": gettext("Checked on site: only a stump is left; the inventory is updated.")}[finding]
    return change_report_status(report=report, status=report_status, by=by, comment=comment or default_comment,
                                condition_record=record)
