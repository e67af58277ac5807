"""Large uploads: the dry run, the commit and the undo run in the background
while the batch page shows how far they have got; a failure there, or work
that stopped with its process, ends as a failed batch with nothing written
(an undo: the batch stays committed, nothing taken back)."""
import datetime
import threading
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from imports import background
from imports.models import BatchProgress, BatchStatus, ImportBatch
from tests.imports import surveys
from tests.imports.test_views import upload
from trees.models import Tree

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def in_background(settings):
    """Every upload counts as large."""
    settings.GREENMAP = {**settings.GREENMAP, "IMPORT_IN_REQUEST_MAX_BYTES": 0}


def finish_background_work(timeout: float = 60) -> None:
    for thread in threading.enumerate():
        if thread.name.startswith("import-batch-"):
            thread.join(timeout)
            assert not thread.is_alive(), f"{thread.name} still running after {timeout} s"


def test_a_large_upload_is_checked_and_committed_in_the_background(signed_in, city, write_csv, in_background):
    path = write_csv([surveys.row("A1", surveys.west()), surveys.row("A2", (75.5, 42.5))])

    response = upload(signed_in, path)

    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:batch", args=[batch.pk])
    finish_background_work()
    page = signed_in.get(response["Location"]).content.decode()
    assert "This is the dry run: nothing has been written to the inventory yet." in page
    assert "is outside every municipality in the inventory" in page
    assert not Tree.objects.exists()

    signed_in.post(reverse("imports:commit", args=[batch.pk]))
    finish_background_work()

    page = signed_in.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "Committed by volunteer1" in page
    assert Tree.objects.get().created_by.username == "volunteer1"


def test_a_file_without_coordinates_is_refused_on_the_form_before_any_background_work(
        signed_in, city, tmp_path, in_background):
    path = tmp_path / "survey.csv"
    path.write_text("species,height\nUlmus pumila,7\n", encoding="utf-8")

    response = upload(signed_in, path)

    assert response.status_code == 400 and "has no coordinate columns" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_what_fails_in_the_background_is_shown_on_the_batch_page(signed_in, city, write_csv, in_background,
                                                                  settings):
    settings.IMPORT_MAX_ROWS = 1
    path = write_csv([surveys.row("A1", surveys.west()), surveys.row("A2", surveys.west(0.001))])

    upload(signed_in, path)
    finish_background_work()

    batch = ImportBatch.objects.get()
    page = signed_in.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert batch.status == BatchStatus.FAILED
    assert "This batch failed; nothing was written to the inventory." in page
    assert "the file has more than 1 rows; split it" in page
    assert not Tree.objects.exists()
    russian = signed_in.get(reverse("imports:batch", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "в файле больше 1 строк; разделите его" in russian  # the failure is kept with its template


def test_a_large_batch_is_undone_in_the_background(signed_in, city, write_csv, in_background):
    upload(signed_in, write_csv([surveys.row("A1", surveys.west())]))
    finish_background_work()
    batch = ImportBatch.objects.get()
    signed_in.post(reverse("imports:commit", args=[batch.pk]))
    finish_background_work()

    response = signed_in.post(reverse("imports:undo", args=[batch.pk]))
    finish_background_work()

    assert response.status_code == 302
    page = signed_in.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "Undone by volunteer1" in page and "1 trees withdrawn, 1 condition records retracted" in page
    assert Tree.objects.get().status == "withdrawn"


def test_an_undo_whose_process_is_gone_leaves_the_batch_committed(signed_in, city, write_csv, volunteer):
    batch = surveys.run(write_csv([surveys.row("A1", surveys.west())]), user=volunteer)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.UNDOING)
    stopped = timezone.now() - background.STALE_AFTER - datetime.timedelta(seconds=1)
    BatchProgress.objects.create(batch=batch, stage="withdrawing trees", fraction=0.7, beat_at=stopped)

    page = signed_in.get(reverse("imports:batch", args=[batch.pk])).content.decode()

    assert "The undo did not finish; nothing was taken back. The work stopped before it finished" in page
    assert "Undo this batch" in page  # it may be tried again
    assert ImportBatch.objects.get(pk=batch.pk).status == BatchStatus.COMMITTED
    assert Tree.objects.get().status == "alive"


def test_the_page_shows_the_stage_and_share_done_and_refreshes_itself(signed_in, city, write_csv):
    batch = _running_batch(write_csv, stage="reading", fraction=0.4)

    page = signed_in.get(reverse("imports:batch", args=[batch.pk])).content.decode()

    assert "Dry run in progress" in page and "reading the file" in page
    assert '<progress value="40" max="100">' in page
    assert '<meta http-equiv="refresh"' in page
    assert "About the file" not in page and "Nothing to show here." not in page  # nothing to report yet


def test_work_whose_process_is_gone_ends_as_a_failed_batch(signed_in, city, write_csv):
    stopped = timezone.now() - background.STALE_AFTER - datetime.timedelta(seconds=1)
    batch = _running_batch(write_csv, stage="writing to the inventory", fraction=0, beat_at=stopped)

    page = signed_in.get(reverse("imports:batch", args=[batch.pk])).content.decode()

    assert "The work stopped before it finished" in page and '<meta http-equiv="refresh"' not in page
    assert ImportBatch.objects.get(pk=batch.pk).status == BatchStatus.FAILED
    # Kept as a template, not in the language of whoever saw it first.
    kyrgyz = signed_in.get(reverse("imports:batch", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="ky").content.decode()
    assert "Иш бүтпөй токтоп калды (сервер кайра күйгүзүлгөн болушу мүмкүн)." in kyrgyz


def test_the_heartbeat_writes_the_newest_stage_while_the_work_runs(city, write_csv, monkeypatch):
    monkeypatch.setattr(background, "BEAT_SECONDS", 0.05)
    batch = _running_batch(write_csv, stage="", fraction=0)
    seen, release = threading.Event(), threading.Event()

    def work(batch, progress):
        progress("reading", 0.25)
        release.wait(10)
        ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.VALIDATED)

    background.start(batch, work)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not seen.is_set():
        if BatchProgress.objects.filter(batch=batch, stage="reading", fraction=0.25).exists():
            seen.set()
        time.sleep(0.02)
    release.set()
    finish_background_work()

    assert seen.is_set()
    assert background.progress_of(ImportBatch.objects.get(pk=batch.pk)) is None


def _running_batch(write_csv, *, stage, fraction, beat_at=None):
    path = write_csv([surveys.row("A1", surveys.west())])
    batch = ImportBatch.objects.create(file_name=path.name, file_size=path.stat().st_size, checksum="0" * 64,
                                       crs_epsg=4326, status=BatchStatus.CHECKING)
    BatchProgress.objects.create(batch=batch, stage=stage, fraction=fraction, beat_at=beat_at or timezone.now())
    return batch
