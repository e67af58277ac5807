"""A batch goes dry run -> commit; a commit is all or nothing."""
import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from imports import services
from imports.errors import BatchStateError, RowFailure
from imports.models import BatchStatus, ImportBatch, ImportRow
from tests.factories import elm, make_tree, west_point
from tests.imports import surveys
from trees.models import ConditionRecord, Species, Tree, TreeChange


def stored_batch(path, user, **options):
    """A dry run as the upload page makes it: the file kept with the batch."""
    batch = services.start_batch(path=path, file_name=path.name, user=user,
                                 options=services.SurveyOptions(**options))
    batch.file.save(path.name, ContentFile(path.read_bytes()), save=False)
    return services.validate_batch(batch=batch, path=batch.file.path)


def test_a_batch_records_who_when_file_checksum_and_counts(city, volunteer, write_csv):
    path = write_csv([surveys.row("A1", surveys.west()), surveys.row("A2", (75.5, 42.5))])

    batch = surveys.run(path, user=volunteer)

    assert (batch.created_by, batch.file_name, batch.file_size) == (volunteer, "survey.csv", path.stat().st_size)
    assert batch.checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (batch.rows_total, batch.trees_created, batch.rows_rejected, batch.condition_records) == (2, 1, 1, 1)
    assert batch.committed_by == volunteer and batch.committed_at is not None and batch.status == "committed"


def test_a_dry_run_is_committed_later_from_its_stored_file(city, volunteer, write_csv):
    batch = stored_batch(write_csv([surveys.row("A1", surveys.west())]), volunteer)
    assert not Tree.objects.exists()

    services.commit_batch(batch=batch, user=volunteer)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED and batch.trees_created == 1
    assert surveys.report(batch)[2].tree_id == Tree.objects.get().pk


def test_a_commit_checks_the_rows_again_against_the_inventory_as_it_is_now(city, volunteer, by, write_csv):
    batch = stored_batch(write_csv([surveys.row("A1", surveys.west(), height="6")]), volunteer)
    assert batch.trees_created == 1
    make_tree(west_point(), by=by, species=elm())  # someone adds the same tree meanwhile

    services.commit_batch(batch=batch, user=volunteer)

    batch.refresh_from_db()
    assert (batch.trees_created, batch.trees_updated) == (0, 1) and Tree.objects.count() == 1


def test_a_batch_is_committed_once(city, volunteer, write_csv):
    batch = stored_batch(write_csv([surveys.row("A1", surveys.west())]), volunteer)
    services.commit_batch(batch=batch, user=volunteer)

    with pytest.raises(BatchStateError, match="only a dry run can be committed"):
        services.commit_batch(batch=batch, user=volunteer)
    assert Tree.objects.count() == 1


@pytest.mark.parametrize("use_bulk", [False, True], ids=["row by row", "bulk"])
def test_a_row_failing_midway_leaves_the_inventory_as_it_was(city, volunteer, by, write_csv, use_bulk):
    # A tree entered before the species' limit was lowered: updating it is refused.
    tall = make_tree(west_point(0.005), by=by, species=elm(), height_m=24)
    Species.objects.filter(pk=elm().pk).update(max_height_m=20)
    before = (Tree.objects.count(), TreeChange.objects.count(), ConditionRecord.objects.count())
    path = write_csv([surveys.row("A1", surveys.west(), height="8"), surveys.row("A2", surveys.east(), height="9"),
                      surveys.row("A3", (tall.location.x, tall.location.y), height="", diameter="31")])
    batch = stored_batch(path, volunteer)

    with pytest.raises(RowFailure):
        services.commit_batch(batch=batch, user=volunteer, use_bulk=use_bulk)

    assert (Tree.objects.count(), TreeChange.objects.count(), ConditionRecord.objects.count()) == before
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert batch.failure == "row 4: height_m: 24.0 is larger than any Ulmus pumila grows (at most 20.0)"


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_the_inventory_as_it_was(tmp_path):
    from tests.factories import make_city
    make_city()
    rows = [surveys.row(f"T{i}", surveys.west(dx=(i % 300) * 1e-4, dy=(i // 300) * 1e-4 - 0.02)) for i in range(20000)]
    path = surveys.write_csv(tmp_path / "big.csv", rows)
    settings = connection.settings_dict
    url = f"postgis://{settings['USER']}@{settings['HOST'].replace('/', '%2F')}/{settings['NAME']}"
    command = [sys.executable, "manage.py", "import_survey", str(path)]
    child = subprocess.Popen(command, cwd=Path(__file__).resolve().parents[2], env={**os.environ, "DATABASE_URL": url},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = ""
    while "writing to the inventory" not in seen and child.poll() is None:
        seen += child.stderr.read(1)
    child.send_signal(signal.SIGKILL)
    child.wait()

    assert "writing to the inventory" in seen
    assert not Tree.objects.exists() and not TreeChange.objects.exists() and not ImportBatch.objects.exists()


def test_deleting_a_batch_deletes_its_report_rows(city, volunteer, write_csv):
    # The rows have no database key to their batch; Django's cascade removes them.
    batch = surveys.run(write_csv([surveys.row("a", surveys.east())]), user=volunteer)
    assert ImportRow.objects.filter(batch_id=batch.pk).count() == 1
    ImportBatch.objects.filter(pk=batch.pk).delete()
    assert not ImportRow.objects.filter(batch_id=batch.pk).exists()
