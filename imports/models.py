"""Import batches and their per-row reports. A batch is one survey file
taken through a dry run and, when a person agrees, a commit; its rows say
what happened to every row of the file and why."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    CHECKING = "checking", _("dry run in progress")
    VALIDATED = "validated", _("dry run done, not committed")
    COMMITTING = "committing", _("commit in progress")
    COMMITTED = "committed", _("committed")
    FAILED = "failed", _("failed, nothing written")
    UNDOING = "undoing", _("undo in progress")
    UNDONE = "undone", _("undone")


RUNNING_STATUSES = (BatchStatus.CHECKING, BatchStatus.COMMITTING, BatchStatus.UNDOING)


def move_status(batch: "ImportBatch", *, source: str, target: str, **fields) -> bool:
    """Move `batch` from status `source` to `target` (setting `fields` too)
    in one conditional update, so that two people cannot both start the
    same work. False, with `batch` read again, when it was not in `source`."""
    if not ImportBatch.objects.filter(pk=batch.pk, status=source).update(status=target, **fields):
        batch.refresh_from_db()
        return False
    batch.status = target
    return True


class RowAction(models.TextChoices):
    """What a row does (dry run) or did (commit) to the inventory."""

    CREATE = "create", _("new tree")
    UPDATE = "update", _("updates a known tree")
    UNCHANGED = "unchanged", _("already in the inventory")
    HELD = "held", _("held for a person to decide")
    REJECTED = "rejected", _("rejected")


class ImportBatch(models.Model):
    """One survey file: who brought it, when, what it held and what it did."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="import_batches")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.BigIntegerField(_("file size (bytes)"))
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, db_index=True)
    # The uploaded file, kept so that a dry run seen on the page can be committed later.
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    file_format = models.CharField(_("format"), max_length=16)
    crs_epsg = models.PositiveIntegerField(_("coordinate system (EPSG)"))
    options = models.JSONField(_("options"), default=dict, blank=True,
                               help_text=_("Column mapping, survey date and other choices used"))
    # Each note is {"text", "msgid", "args"} (see imports.messages); notes of older batches are plain text.
    notes = models.JSONField(_("file notes"), default=list, blank=True,
                             help_text=_("Findings about the whole file: columns used and ignored, coordinate system"))
    status = models.CharField(_("status"), max_length=16, choices=BatchStatus.choices,
                              default=BatchStatus.VALIDATED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rejected rows"), default=0)
    rows_with_warnings = models.PositiveIntegerField(_("rows with warnings"), default=0)
    trees_created = models.PositiveIntegerField(_("new trees"), default=0)
    trees_updated = models.PositiveIntegerField(_("updated trees"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged rows"), default=0)
    rows_held = models.PositiveIntegerField(_("rows held for review"), default=0)
    condition_records = models.PositiveIntegerField(_("condition records"), default=0)
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)
    committed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    failure = models.TextField(_("why it failed"), blank=True)
    # The failure's {"text", "msgid", "args"}, so that each reader sees it in their language; empty for a failure
    # worded elsewhere (an unexpected error) and for batches that failed before it was kept. A database default
    # too, for SQL that writes batches itself (the import benchmark's floor).
    failure_message = models.JSONField(_("why it failed, as a message"), default=dict, blank=True,
                                       db_default=models.Value({}, models.JSONField()))
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    undo_report = models.JSONField(_("undo report"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.file_name}"


class ImportRow(models.Model):
    """The report for one row of the file. `messages` is a list of
    {"level": "error"|"warning"|"info", "column", "value", "text", "msgid",
    "args"}: `text` in English, `msgid` and `args` to show it in the
    reader's language (see `imports.messages`; older rows have no msgid)."""

    # The unique (batch, row_number) index serves lookups by batch; no second
    # index. No database key either: a batch's rows are written only by its own
    # transaction (OutcomeWriter), and a key checked row by row cost 4 s at a
    # million rows. Deleting a batch still deletes its rows (Django cascades).
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows", db_index=False,
                              db_constraint=False)
    row_number = models.PositiveIntegerField(_("row"))
    source_ref = models.CharField(_("id in the survey"), max_length=200, blank=True)
    action = models.CharField(_("outcome"), max_length=16, choices=RowAction.choices)
    tree_id = models.BigIntegerField(_("tree"), null=True, blank=True)
    condition_record_id = models.BigIntegerField(_("condition record"), null=True, blank=True)
    has_warnings = models.BooleanField(default=False)
    messages = models.JSONField(_("messages"), default=list, blank=True)

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["batch", "row_number"]
        constraints = [models.UniqueConstraint(fields=["batch", "row_number"], name="import_row_unique")]


class BatchProgress(models.Model):
    """How far a dry run, commit or undo working in the background has got. A row
    of its own, written outside the batch's transaction (which holds the
    batch row locked until it ends), so that the batch page can read it."""

    batch = models.OneToOneField(ImportBatch, on_delete=models.CASCADE, primary_key=True, related_name="progress")
    stage = models.CharField(max_length=64, blank=True)
    fraction = models.FloatField(default=0)
    # Renewed every few seconds while the work runs; a stale one means the
    # process doing it is gone (and its transaction rolled back with it).
    beat_at = models.DateTimeField()
