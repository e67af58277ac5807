"""The statistics page in a real Chromium, on the generated demo city."""
import datetime

import pytest
from django.utils import timezone

from greenmap.demo.loader import load_demo
from tests.browser.conftest import screenshot
from tests.greenmap.statistics.test_page import XSS_NAME
from trees.models import AdministrativeArea

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_city(transactional_db):
    load_demo(trees=3000, reports=300)
    district = AdministrativeArea.objects.filter(level="district").order_by("code").first()
    AdministrativeArea.objects.filter(pk=district.pk).update(name_ru=XSS_NAME)


def test_statistics_page_draws_its_charts_and_runs_no_injected_script(desktop, live_server, demo_city):
    year_ago = (timezone.localdate() - datetime.timedelta(days=366)).isoformat()
    desktop.goto(f"{live_server.url}/statistics/?from={year_ago}")

    bars = desktop.locator("figure.chart svg rect")
    assert bars.count() > 20
    drawn = [box for box in (bars.nth(i).bounding_box() for i in range(bars.count())) if box and box["width"] > 1]
    assert len(drawn) > 10  # bars have visible length, not just elements
    assert desktop.evaluate("() => window.__xss") is None
    assert desktop.get_by_text("Sverdlov", exact=False).count() >= 1  # the name is shown, as text
    desktop.watch.assert_clean()
    screenshot(desktop, "statistics-page")


def test_changing_the_period_in_the_form_reloads_the_figures(desktop, live_server, demo_city):
    desktop.goto(f"{live_server.url}/statistics/")
    desktop.fill("input[name=from]", "2001-01-01")
    desktop.fill("input[name=until]", "2001-12-31")
    desktop.click("button[type=submit]")

    desktop.wait_for_url("**/statistics/?*until=2001-12-31*")
    first_total_row = desktop.locator("table").first.locator("tr.total td").nth(1)
    assert first_total_row.inner_text() == "0"
    desktop.watch.assert_clean()
