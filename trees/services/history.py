"""Recording condition observations and maintenance work. Both logs are
append-only; these services also keep the subject's derived fields (current
condition, status after felling or planting) right in the same transaction."""
from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from trees.models import (
    ConditionClass, ConditionRecord, ConditionSource, Defect, GreenArea, MaintenanceEvent, MaintenanceKind, Tree,
    TreeStatus,
)
from trees.services.actor import Actor
from trees.services.errors import HistoryConflict, InvalidValue
from trees.services.trees import update_tree

# What a kind of work does to the tree's status: {kind: {status before: status after}}.
STATUS_AFTER_WORK = {
    MaintenanceKind.FELLING: {s: TreeStatus.REMOVED for s in (TreeStatus.ALIVE, TreeStatus.DEAD, TreeStatus.STUMP)},
    MaintenanceKind.STUMP_REMOVAL: {TreeStatus.STUMP: TreeStatus.REMOVED},
    MaintenanceKind.PLANTING: {TreeStatus.PLANTING_SITE: TreeStatus.ALIVE, TreeStatus.REMOVED: TreeStatus.ALIVE},
}

# Newest record that is neither a retraction nor superseded by a correction.
_CURRENT_CONDITION_SQL = """
    SELECT r.condition, r.observed_at FROM trees_conditionrecord r
    WHERE r.{subject}_id = %s AND NOT r.retracts
      AND NOT EXISTS (SELECT 1 FROM trees_conditionrecord c WHERE c.corrects_id = r.id)
    ORDER BY r.observed_at DESC, r.id DESC LIMIT 1
"""


def _subject(tree, green_area):
    if (tree is None) == (green_area is None):
        raise InvalidValue("give exactly one of a tree or a green area", field="tree")
    model = Tree if tree is not None else GreenArea
    return model.objects.select_for_update().get(pk=(tree or green_area).pk)


def _refresh_current_condition(subject) -> None:
    name = "tree" if isinstance(subject, Tree) else "green_area"
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT_CONDITION_SQL.format(subject=name), [subject.pk])
        row = cursor.fetchone()
    condition, observed_at = row or (None, None)
    type(subject).objects.filter(pk=subject.pk).update(current_condition=condition, current_condition_at=observed_at)
    subject.current_condition, subject.current_condition_at = condition, observed_at


def _validate_condition(condition, defects):
    if condition not in ConditionClass.values:
        raise InvalidValue(f"unknown condition {condition!r}; one of {', '.join(ConditionClass.values)}",
                           field="condition")
    unknown = [d for d in defects if d not in Defect.values]
    if unknown:
        raise InvalidValue(f"unknown defect {unknown[0]!r}; one of {', '.join(Defect.values)}", field="defects")


@transaction.atomic
def record_condition(*, by: Actor, condition: str, tree: Tree | None = None, green_area: GreenArea | None = None,
                     observed_at=None, defects=(), notes: str = "", source: str = ConditionSource.INSPECTION,
                     corrects: ConditionRecord | None = None) -> ConditionRecord:
    """Append a condition observation for a tree or a green area and update
    its current condition. A standing tree observed `dead` gets status dead."""
    _validate_condition(condition, defects)
    if source not in ConditionSource.values:
        raise InvalidValue(f"unknown source {source!r}", field="source")
    subject = _subject(tree, green_area)
    observed_at = observed_at or timezone.now()
    if observed_at > timezone.now() + timezone.timedelta(minutes=5):
        raise InvalidValue("an observation cannot be in the future", field="observed_at")
    record = ConditionRecord.objects.create(
        municipality_id=subject.municipality_id, tree=tree and subject, green_area=green_area and subject,
        observed_at=observed_at, condition=condition, defects=list(defects), notes=notes, source=source,
        corrects=corrects, **by.stamp())
    _refresh_current_condition(subject)
    if isinstance(subject, Tree) and subject.current_condition == ConditionClass.DEAD and subject.status == TreeStatus.ALIVE:
        update_tree(tree=subject, by=by, status=TreeStatus.DEAD)
    return record


@transaction.atomic
def correct_condition_record(*, record: ConditionRecord, by: Actor, condition: str, defects=(),
                             notes: str = "") -> ConditionRecord:
    """Replace what an earlier record said; the earlier record stays."""
    _ensure_not_superseded(record)
    return record_condition(by=by, condition=condition, tree=record.tree, green_area=record.green_area,
                            observed_at=record.observed_at, defects=defects, notes=notes,
                            source=ConditionSource.CORRECTION, corrects=record)


@transaction.atomic
def retract_condition_record(*, record: ConditionRecord, by: Actor, notes: str = "") -> ConditionRecord:
    """Say that an earlier record should not count (entered in error, or an
    import being undone). The subject's current condition is re-derived."""
    subject = _subject(record.tree, record.green_area)
    _ensure_not_superseded(record)
    retraction = ConditionRecord.objects.create(
        municipality_id=record.municipality_id, tree=record.tree, green_area=record.green_area,
        observed_at=record.observed_at, condition=None, notes=notes, source=ConditionSource.CORRECTION,
        corrects=record, retracts=True, **by.stamp())
    _refresh_current_condition(subject)
    return retraction


def _ensure_not_superseded(record):
    if type(record).objects.filter(corrects=record).exists():
        raise HistoryConflict(f"record {record.pk} was already corrected; correct the newest version instead",
                              field="corrects")


@transaction.atomic
def log_maintenance(*, by: Actor, kind: str, tree: Tree | None = None, green_area: GreenArea | None = None,
                    performed_at=None, performed_by: str = "", contractor: str = "", notes: str = "",
                    corrects: MaintenanceEvent | None = None) -> MaintenanceEvent:
    """Append a piece of work done on a tree or green area. Felling marks the
    tree removed, stump removal clears a stump, planting brings a planting
    site (or a removed tree's spot) to life; the row itself is never deleted."""
    if kind not in MaintenanceKind.values:
        raise InvalidValue(f"unknown kind of work {kind!r}; one of {', '.join(MaintenanceKind.values)}", field="kind")
    subject = _subject(tree, green_area)
    performed_at = performed_at or timezone.now()
    if performed_at > timezone.now() + timezone.timedelta(minutes=5):
        raise InvalidValue("work cannot be logged in the future", field="performed_at")
    event = MaintenanceEvent.objects.create(
        municipality_id=subject.municipality_id, tree=tree and subject, green_area=green_area and subject,
        kind=kind, performed_at=performed_at, performed_by=performed_by, contractor=contractor, notes=notes,
        corrects=corrects, **by.stamp())
    if isinstance(subject, Tree):
        new_status = STATUS_AFTER_WORK.get(kind, {}).get(subject.status)
        if new_status:
            update_tree(tree=subject, by=by, status=new_status)
    return event


@transaction.atomic
def retract_maintenance_event(*, event: MaintenanceEvent, by: Actor, notes: str = "") -> MaintenanceEvent:
    """Say that logged work did not happen. The tree's status is not rolled
    back here: undoing a status change is `revert_tree_change`'s job."""
    _subject(event.tree, event.green_area)
    _ensure_not_superseded(event)
    return MaintenanceEvent.objects.create(
        municipality_id=event.municipality_id, tree=event.tree, green_area=event.green_area, kind=event.kind,
        performed_at=event.performed_at, notes=notes, corrects=event, retracts=True, **by.stamp())
