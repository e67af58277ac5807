"""The upload page, as a signed-in volunteer uses it."""
import csv
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports import report
from imports.models import ImportBatch
from tests import factories
from tests.imports import surveys
from trees import services
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


# What a volunteer reading in Russian or Kyrgyz sees of a survey with a bad
# number, a point surveyed twice and a tree without a species.
IN_LANGUAGE = {
    "ru": ["abc — не число", "та же точка, что и в строке 2: дерево обследовано дважды? импортируется один раз",
           "вид не указан; дерево записывается без вида", "использованы столбцы: ", "ошибка", "предупреждение"],
    "ky": ["abc сан эмес", "2-саптагы чекиттин өзү: дарак эки жолу изилденгенби? бир жолу гана импорттолот",
           "түрү көрсөтүлгөн жок; дарак түрсүз жазылат", "колдонулган мамычалар: ", "ката", "эскертүү"],
}


def page(client, url, language) -> str:
    return html.unescape(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode())


@pytest.mark.parametrize("language", ["ru", "ky"])
def test_row_messages_and_file_notes_are_in_the_readers_language(signed_in, city, write_csv, language):
    upload(signed_in, write_csv([surveys.row("A1", surveys.west()), surveys.row("A2", surveys.west()),
                                 surveys.row("A3", surveys.west(0.001), height="abc"),
                                 surveys.row("A4", surveys.west(0.002), species="")]))
    batch = ImportBatch.objects.get()

    shown = page(signed_in, reverse("imports:batch", args=[batch.pk]), language)

    for text in IN_LANGUAGE[language]:
        assert text in shown
    for english in ("abc is not a number", "the same point as row 2", "no species given", "columns used:"):
        assert english not in shown
    english_page = page(signed_in, reverse("imports:batch", args=[batch.pk]), "en")
    assert "abc is not a number" in english_page and "the same point as row 2" in english_page


def test_the_report_downloaded_in_russian_has_russian_messages(signed_in, city, write_csv):
    upload(signed_in, write_csv([surveys.row("A1", surveys.west()), surveys.row("A2", (75.5, 42.5))]))
    batch = ImportBatch.objects.get()

    def download(language):
        response = signed_in.get(reverse("imports:report", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE=language)
        return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    russian, english = download("ru"), download("en")
    assert russian[0] == english[0] == report.HEADER  # programs reading the file see the same columns
    assert russian[2][2] == "rejected" and russian[2][-1] == "(75.500000, 42.500000) — вне всех муниципалитетов реестра"
    assert english[2][-1] == "(75.500000, 42.500000) is outside every municipality in the inventory"


def test_a_file_without_coordinates_is_refused_in_russian_on_the_form(signed_in, city, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("species,height\nUlmus pumila,7\n", encoding="utf-8")
    with open(path, "rb") as handle:
        response = signed_in.post(reverse("imports:upload"), {"file": SimpleUploadedFile(path.name, handle.read())},
                                  HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 400
    assert ("в survey.csv нет столбцов с координатами: ожидаются широта и долгота (latitude, longitude), x и y или "
            "геоточка; столбцы файла: 'species', 'height'. Их можно указать в файле сопоставления."
            in html.unescape(response.content.decode()))


def test_messages_and_notes_stored_before_templates_still_show(signed_in, city, write_csv):
    upload(signed_in, write_csv([surveys.row("A1", (75.5, 42.5))]))
    batch = ImportBatch.objects.get()
    old = {"level": "error", "column": "lat, lon", "value": "75.5, 42.5", "text": "an older batch's message"}
    batch.rows.update(messages=[old])
    ImportBatch.objects.filter(pk=batch.pk).update(notes=["columns used: 'lat' → y, 'lon' → x"])

    shown = page(signed_in, reverse("imports:batch", args=[batch.pk]), "ru")

    assert "an older batch's message" in shown and "ошибка" in shown
    assert "columns used: 'lat' → y, 'lon' → x" in shown


def test_undo_conflicts_are_in_the_readers_language(signed_in, city, write_csv, by):
    upload(signed_in, write_csv([surveys.row("A1", surveys.west())]))
    batch = ImportBatch.objects.get()
    signed_in.post(reverse("imports:commit", args=[batch.pk]))
    tree = Tree.objects.get()
    services.log_maintenance(by=by, kind="whitewashing", tree=tree)  # a gardener's work since

    signed_in.post(reverse("imports:undo", args=[batch.pk]))

    shown = page(signed_in, reverse("imports:batch", args=[batch.pk]), "ru")
    assert f"с деревом {tree.pk} работали после импорта; оно остаётся в реестре" in shown
