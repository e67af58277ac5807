"""Undoing a committed batch: everything it wrote is taken back by new
records, never by erasing history. Condition records are retracted,
attribute changes reverted, created trees withdrawn, all through
`trees.services` (per row, or `trees.services.bulk` for large batches).
Where later work by someone else stands in the way, that tree is left as
it is and named in the undo report."""
from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from imports.apply import bulk_threshold
from imports.errors import BatchStateError
from imports.messages import Sentence, choice_label
from imports.models import BatchStatus, ImportBatch, move_status
from imports.services import Progress, Stage
from trees import services
from trees.models import Channel, ConditionRecord, MaintenanceEvent, Tree, TreeChange, TreeStatus
from trees.services import bulk_undo


def undo_batch(*, batch: ImportBatch, user, use_bulk: bool | None = None,
               progress: Progress | None = None) -> ImportBatch:
    """Take back what a committed batch did; returns the batch with its
    `undo_report` (counts and, per tree, what could not be undone)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in (BatchStatus.COMMITTED, BatchStatus.UNDOING):
            raise _not_committed(batch)
        by = services.Actor(user=user, channel=Channel.IMPORT, ref=batch.pk)
        if use_bulk is None:
            use_bulk = batch.trees_created + batch.trees_updated >= bulk_threshold()
        progress = progress or (lambda stage, fraction: None)
        report = _undo_in_bulk(batch, by, progress) if use_bulk else _undo_row_by_row(batch, by, progress)
        batch.status, batch.undone_at, batch.undone_by = BatchStatus.UNDONE, timezone.now(), user
        batch.undo_report = report
        batch.save()
    return batch


def queue_undo(*, batch: ImportBatch) -> None:
    """Mark a committed batch as being undone (by `undo_batch`, in the
    background), so that nobody undoes or commits it meanwhile."""
    if not move_status(batch, source=BatchStatus.COMMITTED, target=BatchStatus.UNDOING, failure="",
                       failure_message={}):
        raise _not_committed(batch)


def _not_committed(batch: ImportBatch) -> BatchStateError:
    return BatchStateError(gettext_noop("batch #%(batch)s is %(status)s; only a committed batch can be undone"),
                           batch=batch.pk, status=choice_label(batch.get_status_display()))


def _notes(batch) -> str:
    return f"undo of import batch #{batch.pk}"


def _undo_row_by_row(batch: ImportBatch, by: services.Actor, progress: Progress) -> dict:
    conflicts, counts = [], {"records_retracted": 0, "changes_reverted": 0, "trees_withdrawn": 0}
    progress(Stage.RETRACTING, 0.0)
    ours = {"channel": Channel.IMPORT, "channel_ref": batch.pk}
    for record in ConditionRecord.objects.filter(**ours, retracts=False, tree__isnull=False).order_by("-id"):
        if ConditionRecord.objects.filter(corrects=record).exists():
            conflicts.append(_record_conflict(record.tree_id, record.pk))
            continue
        services.retract_condition_record(record=record, by=by, notes=_notes(batch))
        counts["records_retracted"] += 1
    progress(Stage.REVERTING, 1 / 3)
    created = Tree.objects.filter(created_via=Channel.IMPORT, created_via_ref=batch.pk)
    changes = (TreeChange.objects.filter(**ours).exclude(tree__in=created)
               .order_by("tree_id", "-version"))
    for change in list(changes):
        try:
            services.revert_tree_change(change=change, by=by)
            counts["changes_reverted"] += 1
        except services.HistoryConflict as error:
            conflicts.append(_change_conflict(change.tree_id, error.fields, error.later_version))
    progress(Stage.WITHDRAWING, 2 / 3)
    for tree in created.exclude(status=TreeStatus.WITHDRAWN).order_by("id"):
        if _worked_on_by_others(tree, batch):
            conflicts.append(_worked_conflict(tree.pk))
            continue
        services.withdraw_tree(tree=tree, by=by)
        counts["trees_withdrawn"] += 1
    return {**counts, "conflicts": sorted(conflicts, key=lambda c: (c["tree"], c["text"]))}


def _worked_on_by_others(tree: Tree, batch: ImportBatch) -> bool:
    def others(model):
        return (model.objects.filter(tree=tree)
                .exclude(channel=Channel.IMPORT, channel_ref=batch.pk).exists())
    return others(TreeChange) or others(ConditionRecord) or others(MaintenanceEvent)


def _undo_in_bulk(batch: ImportBatch, by: services.Actor, progress: Progress) -> dict:
    progress(Stage.RETRACTING, 0.0)
    # Which new trees will be withdrawn is known before their records are
    # retracted, so that their condition is cleared as they are withdrawn.
    bulk_undo.trees_to_withdraw(by=by, into="bulk_withdrawn")
    counts = {"records_retracted": bulk_undo.retract_records_of(by=by, notes=_notes(batch),
                                                                withdrawing="bulk_withdrawn")}
    conflicts = [_record_conflict(tree, record) for tree, record in _rows(
        "SELECT tree_id, record_id FROM bulk_record_conflicts")]
    progress(Stage.REVERTING, 1 / 3)
    counts["changes_reverted"] = bulk_undo.revert_changes_of(by=by)
    for tree, field, later in _rows("SELECT tree_id, field, later_version FROM bulk_change_conflicts"):
        conflicts.append(_change_conflict(tree, [field], later))
    for (change_id,) in _rows("SELECT change_id FROM bulk_changes_left ORDER BY tree_id, version DESC"):
        change = TreeChange.objects.get(pk=change_id)
        try:
            services.revert_tree_change(change=change, by=by)
            counts["changes_reverted"] += 1
        except services.HistoryConflict as error:
            conflicts.append(_change_conflict(change.tree_id, error.fields, error.later_version))
    progress(Stage.WITHDRAWING, 2 / 3)
    counts["trees_withdrawn"] = bulk_undo.withdraw_trees(trees="bulk_withdrawn", by=by)
    conflicts += [_worked_conflict(tree) for (tree,) in _rows("SELECT tree_id FROM bulk_withdraw_conflicts")]
    return {**counts, "conflicts": sorted(conflicts, key=lambda c: (c["tree"], c["text"]))}


# A conflict is {"tree", "text", "msgid", "args"}: English text and what
# shows it in the reader's language (see `imports.messages`).
def _conflict(tree_id: int, sentence: Sentence) -> dict:
    return {"tree": tree_id, **sentence.as_json()}


def _change_conflict(tree_id: int, fields: list[str], later_version: int | None) -> dict:
    if later_version:
        return _conflict(tree_id, Sentence(gettext_noop(
            "tree %(tree)s: %(fields)s changed again in version %(version)s; revert that first; the import's change "
            "stays"), tree=tree_id, fields=", ".join(fields), version=later_version))
    return _conflict(tree_id, Sentence(gettext_noop(
        "tree %(tree)s: %(fields)s no longer has the value this change set; the import's change stays"),
        tree=tree_id, fields=", ".join(fields)))


def _record_conflict(tree_id: int, record_id: int) -> dict:
    return _conflict(tree_id, Sentence(gettext_noop(
        "tree %(tree)s: condition record %(record)s was corrected after the import; it stays"),
        tree=tree_id, record=record_id))


def _worked_conflict(tree_id: int) -> dict:
    return _conflict(tree_id, Sentence(gettext_noop(
        "tree %(tree)s was worked on after the import; it stays in the inventory"), tree=tree_id))


def _rows(statement: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetchall()
