"""A volunteer imports a survey from the upload page, in a real Chromium and
in Russian: the dry run works in the background while the page shows how
far it has got, then the report (its messages in Russian), then the commit."""
import pytest

from imports.models import ImportBatch
from tests.browser.conftest import screenshot
from tests.factories import make_city, make_user
from tests.imports import surveys
from tests.imports.test_background import finish_background_work
from trees.models import Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_volunteer_uploads_a_survey_watches_it_checked_and_commits_it(live_server, desktop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GREENMAP = {**settings.GREENMAP, "IMPORT_IN_REQUEST_MAX_BYTES": 0}  # every file goes to the background
    make_city()
    make_user("arca1", role="volunteer", password="arca-1-password")
    rows = [surveys.row(f"S{n}", surveys.west(n * 0.0005)) for n in range(40)] + [surveys.row("far", (75.5, 42.5))]
    path = surveys.write_csv(tmp_path / "обследование.csv", rows)

    desktop.goto(live_server.url + "/accounts/login/?next=/imports/")
    desktop.fill("#id_username", "arca1")
    desktop.fill("#id_password", "arca-1-password")
    desktop.get_by_role("button", name="Войти").click()
    desktop.set_input_files("#id_file", str(path))
    desktop.get_by_role("button", name="Проверить файл (без записи)").click()

    desktop.get_by_text("Это проверка: в реестр пока ничего не записано.").wait_for(timeout=60000)
    rejected = desktop.locator("table.rows tr", has_text="far")
    assert rejected.locator(".level-error").inner_text() == "ошибка"
    assert "— вне всех муниципалитетов реестра" in rejected.inner_text()  # the row's message, in Russian too
    assert not Tree.objects.exists()
    screenshot(desktop, "import-dry-run")

    desktop.get_by_role("button", name="Применить: новых деревьев 40, обновлений 0").click()
    desktop.get_by_text("Применил(а) arca1").wait_for(timeout=60000)

    finish_background_work()
    assert Tree.objects.count() == 40 and ImportBatch.objects.get().status == "committed"
    desktop.watch.assert_clean()
