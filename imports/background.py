"""Dry runs, commits and undos of large files, run in a thread of the web
process so that the page answers at once and then shows how far the work
has got. The work is the same call the command line makes, in its own
transaction: if the thread or the whole process dies, the transaction
rolls back and the inventory is as it was. A second thread renews the
batch's `BatchProgress` every few seconds; a batch whose progress has not
been renewed for `STALE_AFTER` is marked failed (an undo: committed, as it
was) by the next page that looks at it."""
from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from imports.errors import SurveyFileError
from imports.messages import Sentence
from imports.models import RUNNING_STATUSES, BatchProgress, BatchStatus, ImportBatch
from imports.services import Stage, failure_fields

Work = Callable[[ImportBatch, Callable[[str, float], None]], object]
logger = logging.getLogger(__name__)
BEAT_SECONDS = 2.0
STALE_AFTER = datetime.timedelta(seconds=30)
# The stages `services` reports, as the page names them.
STAGE_LABELS = {
    "": _("waiting to start"),
    Stage.READING: _("reading the file"),
    Stage.CHECKING: _("checking against the inventory"),
    Stage.WRITING: _("writing to the inventory"),
    Stage.REPORTING: _("writing the report"),
    Stage.RETRACTING: _("retracting condition records"),
    Stage.REVERTING: _("reverting changes"),
    Stage.WITHDRAWING: _("withdrawing trees"),
}


def wanted(batch: ImportBatch) -> bool:
    """Whether the page should hand this batch's work to the background:
    small files are done before the page answers."""
    return batch.file_size > settings.GREENMAP["IMPORT_IN_REQUEST_MAX_BYTES"]


def start(batch: ImportBatch, work: Work) -> threading.Thread:
    """Run `work(batch, progress)` in a thread; the batch must already be
    saved with a running status. Returns the thread (tests wait for it)."""
    BatchProgress.objects.update_or_create(batch=batch, defaults={"stage": "", "fraction": 0.0,
                                                                  "beat_at": timezone.now()})
    thread = threading.Thread(target=_run, args=(batch.pk, work), name=f"import-batch-{batch.pk}", daemon=True)
    thread.start()
    return thread


def progress_of(batch: ImportBatch) -> dict | None:
    """For the page: the running batch's stage and percent done, or None
    when it is not running (after marking it failed if its work is gone)."""
    if batch.status not in RUNNING_STATUSES:
        return None
    progress = BatchProgress.objects.filter(batch=batch).first()
    if progress is None or progress.beat_at < timezone.now() - STALE_AFTER:
        _fail(batch.pk, Sentence(gettext_noop("The work stopped before it finished (the server may have been "
                                              "restarted).")))
        batch.refresh_from_db()
        return None
    return {"stage": STAGE_LABELS.get(progress.stage, progress.stage), "percent": round(progress.fraction * 100)}


def _run(batch_pk: int, work: Work) -> None:
    beat = _Heartbeat(batch_pk)
    beat.start()
    try:
        work(ImportBatch.objects.get(pk=batch_pk), beat.note)
    except Exception as error:  # shown on the batch page; the transaction is rolled back
        if not isinstance(error, SurveyFileError):
            logger.exception("import batch #%s failed in the background", batch_pk)
        _fail(batch_pk, error if getattr(error, "message", None) else f"{type(error).__name__}: {error}")
    finally:
        beat.stop()
        connections.close_all()  # this thread's own; left open, they outlive the batch


def _fail(batch_pk: int, reason: Exception | str) -> None:
    """A dry run or commit that failed wrote nothing: the batch failed. An
    undo that failed took nothing back: the batch is committed as before."""
    ImportBatch.objects.filter(pk=batch_pk, status=BatchStatus.UNDOING).update(
        status=BatchStatus.COMMITTED, **failure_fields(reason))
    ImportBatch.objects.filter(pk=batch_pk, status__in=RUNNING_STATUSES).update(
        status=BatchStatus.FAILED, **failure_fields(reason))


class _Heartbeat(threading.Thread):
    """Writes the newest stage and fraction every BEAT_SECONDS, on a
    connection of its own: the work's transaction is invisible until it ends."""

    def __init__(self, batch_pk: int):
        super().__init__(name=f"import-batch-{batch_pk}-progress", daemon=True)
        self.batch_pk, self.stage, self.fraction = batch_pk, "", 0.0
        self._stopped = threading.Event()

    def note(self, stage: str, fraction: float) -> None:
        self.stage, self.fraction = stage, fraction

    def stop(self) -> None:
        self._stopped.set()
        self.join()

    def run(self) -> None:
        try:
            while not self._stopped.wait(BEAT_SECONDS):
                BatchProgress.objects.filter(batch_id=self.batch_pk).update(
                    stage=self.stage[:64], fraction=self.fraction, beat_at=timezone.now())
        finally:
            connections.close_all()
