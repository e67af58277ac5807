"""The upload page, as a signed-in volunteer uses it."""
import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportBatch
from tests import factories
from tests.imports import surveys
from trees.models import Tree


def upload(client, path, **fields):
    with open(path, "rb") as handle:
        data = {"file": SimpleUploadedFile(path.name, handle.read()), **fields}
    return client.post(reverse("imports:upload"), data)


def test_signing_in_is_required(client, db):
    response = client.get(reverse("imports:batches"))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_without_the_import_permission_is_refused(client, city, write_csv):
    client.force_login(factories.make_user("resident"))

    assert client.get(reverse("imports:batches")).status_code == 403
    assert upload(client, write_csv([surveys.row("A1", surveys.west())])).status_code == 403
    assert not ImportBatch.objects.exists()


def test_upload_shows_the_dry_run_then_commit_writes_it(signed_in, city, write_csv):
    path = write_csv([surveys.row("A1", surveys.west()), surveys.row("A2", (75.5, 42.5))])

    response = upload(signed_in, path)

    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:batch", args=[batch.pk])
    page = signed_in.get(response["Location"]).content.decode()
    assert "This is the dry run: nothing has been written to the inventory yet." in page
    assert "is outside every municipality in the inventory" in page
    assert "Commit: 1 new trees, 0 updates" in page
    assert not Tree.objects.exists()

    response = signed_in.post(reverse("imports:commit", args=[batch.pk]), follow=True)

    assert f"Batch #{batch.pk} is committed." in response.content.decode()
    assert Tree.objects.count() == 1 and Tree.objects.get().created_by.username == "volunteer1"


def test_the_report_downloads_as_csv(signed_in, city, write_csv):
    upload(signed_in, write_csv([surveys.row("A1", surveys.west()), surveys.row("A2", (75.5, 42.5))]))
    batch = ImportBatch.objects.get()

    response = signed_in.get(reverse("imports:report", args=[batch.pk]))

    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[1][:3] == ["2", "A1", "create"] and lines[2][2] == "rejected"


def test_undo_from_the_page(signed_in, city, write_csv):
    upload(signed_in, write_csv([surveys.row("A1", surveys.west())]))
    batch = ImportBatch.objects.get()
    signed_in.post(reverse("imports:commit", args=[batch.pk]))

    response = signed_in.post(reverse("imports:undo", args=[batch.pk]), follow=True)

    assert f"Batch #{batch.pk} is undone." in response.content.decode()
    assert Tree.objects.get().status == "withdrawn"


def test_a_bad_file_is_shown_on_the_form_not_as_a_server_error(signed_in, city, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(b"%PDF-1.4 garbage")

    response = upload(signed_in, path)

    assert response.status_code == 400
    assert "survey.csv is a PDF document, not a survey file" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_upload_limit_is_refused(signed_in, city, write_csv, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10

    response = upload(signed_in, write_csv([surveys.row("A1", surveys.west())]))

    assert response.status_code == 400 and "at most 10 are accepted here" in response.content.decode()


def test_a_bad_mapping_file_is_shown_on_the_form(signed_in, city, write_csv):
    path = write_csv([surveys.row("A1", surveys.west())])
    mapping = SimpleUploadedFile("mapping.json", b'{"columns": {"lat": "tree_kind"}}')

    response = upload(signed_in, path, mapping=mapping)

    assert response.status_code == 400 and "which is not a field" in response.content.decode()


def test_the_coordinate_system_is_chosen_from_the_allow_list(signed_in, city, write_csv):
    response = upload(signed_in, write_csv([surveys.row("A1", surveys.west())]), crs="2154")

    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
