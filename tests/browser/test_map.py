"""What residents and gardeners see on the map, in a real Chromium."""
import io

import pytest
from PIL import Image

from greenmap.demo.loader import load_demo
from tests.browser.conftest import screenshot
from tests.factories import make_user
from trees.models import MaintenanceEvent, Tree

pytestmark = pytest.mark.browser

CONDITION_RGB = [(0x1a, 0x96, 0x41), (0x8c, 0xc6, 0x3f), (0xf3, 0x9c, 0x12), (0xd7, 0x19, 0x1c)]


@pytest.fixture
def demo_city(transactional_db):
    load_demo(trees=3000, reports=20)


def coloured_pixels(page) -> int:
    """How many pixels of the map show a tree's condition colour."""
    image = Image.open(io.BytesIO(page.locator(".folium-map").screenshot())).convert("RGB")
    pixels = image.get_flattened_data()
    return sum(1 for p in pixels if any(sum(abs(a - b) for a, b in zip(p, c)) < 30 for c in CONDITION_RGB))


def wait_for_trees(page):
    page.wait_for_function("() => window.greenmap && window.greenmap.timings.firstTreesDrawn")
    page.wait_for_load_state("networkidle")


def open_tree_at_street_zoom(page, live_server, tree):
    page.goto(f"{live_server.url}/?lat={tree.location.y}&lon={tree.location.x}&zoom=18")
    wait_for_trees(page)
    point = page.evaluate(f"() => window.greenmap.map.latLngToContainerPoint([{tree.location.y}, {tree.location.x}])")
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.locator("#tree-card-title").wait_for()


def a_lonely_tree():
    """A tree with no other tree within a few metres, so a click hits it."""
    return Tree.objects.raw("""
        SELECT t.* FROM trees_tree t WHERE t.status = 'alive' AND t.species_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM trees_tree o WHERE o.id <> t.id
                          AND ST_DWithin(o.location::geography, t.location::geography, 8))
        ORDER BY t.id LIMIT 1""")[0]


def test_map_draws_trees_with_no_errors_even_without_the_basemap(demo_city, live_server, desktop):
    desktop.goto(live_server.url + "/")
    wait_for_trees(desktop)

    assert coloured_pixels(desktop) > 200
    desktop.watch.assert_clean()
    screenshot(desktop, "map-desktop")


def test_phone_map_fits_the_screen_and_locates_the_user(demo_city, live_server, phone):
    phone.goto(live_server.url + "/")
    wait_for_trees(phone)

    phone.get_by_role("button", name="Моё местоположение").click()
    phone.wait_for_function("() => Math.abs(window.greenmap.map.getCenter().lat - 42.8746) < 0.001")
    phone.wait_for_timeout(400)  # let the zoom animation settle before the screenshot
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    phone.watch.assert_clean()
    screenshot(phone, "map-phone")


def test_clicking_a_tree_shows_its_species_size_and_history(demo_city, live_server, desktop):
    tree = a_lonely_tree()

    open_tree_at_street_zoom(desktop, live_server, tree)

    card = desktop.locator("#panel")
    assert f"#{tree.pk}" in card.locator("h2").inner_text()
    assert tree.species.name_ru in card.inner_text()
    assert tree.species.scientific_name in card.inner_text()
    assert "История состояния" in card.inner_text()
    desktop.watch.assert_clean()
    screenshot(desktop, "tree-card-desktop")


def test_tree_text_is_shown_as_text_not_markup(demo_city, live_server, desktop):
    from trees import services
    from trees.models import Channel

    tree = a_lonely_tree()
    services.update_tree(tree=tree, by=services.Actor(user=None, channel=Channel.SYSTEM),
                         address='<img src=x onerror="window.pwned=1">ул. Киевская')

    open_tree_at_street_zoom(desktop, live_server, tree)

    assert '<img src=x onerror="window.pwned=1">ул. Киевская' in desktop.locator("#panel").inner_text()
    assert desktop.evaluate("() => window.pwned") is None


def test_language_switch_changes_the_interface(demo_city, live_server, desktop):
    desktop.goto(live_server.url + "/")
    assert desktop.get_by_role("button", name="Сообщить о проблеме").is_visible()

    with desktop.expect_navigation():
        desktop.select_option("#language-select", "en")
    assert desktop.get_by_role("button", name="Report a problem").is_visible()

    with desktop.expect_navigation():
        desktop.select_option("#language-select", "ky")
    assert desktop.get_by_role("button", name="Көйгөй тууралуу билдирүү").is_visible()
    screenshot(desktop, "map-kyrgyz")


def test_resident_reports_a_problem_from_a_phone_and_follows_it(demo_city, live_server, phone):
    phone.goto(live_server.url + "/")
    wait_for_trees(phone)

    phone.get_by_role("button", name="Сообщить о проблеме").click()
    box = phone.locator(".folium-map").bounding_box()
    phone.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.6)
    phone.select_option("#report-category", "dangerous")
    phone.fill("#report-description", "Ветка висит над тротуаром")
    screenshot(phone, "report-form-phone")
    phone.get_by_role("button", name="Отправить").click()

    code = phone.locator(".tracking-code").inner_text()
    assert len(code) >= 6
    phone.locator(".follow-link").click()
    phone.wait_for_url(f"**/reports/{code}/")
    assert code in phone.locator("h1").inner_text()
    assert "Ветка висит над тротуаром" in phone.locator("main").inner_text()
    phone.watch.assert_clean()
    screenshot(phone, "report-status-phone")


def test_gardener_logs_pruning_and_the_history_shows_it(demo_city, live_server, desktop):
    make_user("crew7", role="gardener", password="crew-7-password")
    tree = a_lonely_tree()
    desktop.goto(live_server.url + "/accounts/login/?next=/")
    desktop.fill("#id_username", "crew7")
    desktop.fill("#id_password", "crew-7-password")
    desktop.get_by_role("button", name="Войти").click()
    desktop.wait_for_url(live_server.url + "/")

    open_tree_at_street_zoom(desktop, live_server, tree)
    desktop.get_by_role("button", name="Записать работу").click()
    desktop.select_option("#work-kind", "sanitary_pruning")
    desktop.fill("#work-performed-by", "Бригада №7")
    desktop.get_by_role("button", name="Сохранить").click()

    desktop.locator(".work-history", has_text="Бригада №7").wait_for()
    assert "санитарная обрезка" in desktop.locator(".work-history").inner_text()
    event = MaintenanceEvent.objects.get(tree=tree, performed_by="Бригада №7")
    assert event.recorded_by.username == "crew7" and event.kind == "sanitary_pruning"
    desktop.watch.assert_clean()
    screenshot(desktop, "gardener-logged-work")


def test_gardener_adds_a_newly_planted_tree_at_a_point(demo_city, live_server, desktop):
    make_user("crew8", role="gardener", password="crew-8-password")
    desktop.goto(live_server.url + "/accounts/login/?next=/%3Flat%3D42.8300%26lon%3D74.6600%26zoom%3D18")
    desktop.fill("#id_username", "crew8")
    desktop.fill("#id_password", "crew-8-password")
    desktop.get_by_role("button", name="Войти").click()
    wait_for_trees(desktop)
    before = Tree.objects.count()

    desktop.get_by_role("button", name="Добавить посаженное дерево").click()
    box = desktop.locator(".folium-map").bounding_box()
    desktop.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    desktop.select_option("#plant-species", label="Дуб черешчатый")
    desktop.fill("#plant-height", "2.5")
    desktop.get_by_role("button", name="Сохранить").click()

    desktop.locator(".work-history", has_text="посадка").wait_for()
    assert Tree.objects.count() == before + 1
    tree = Tree.objects.order_by("-pk").first()
    assert tree.species.scientific_name == "Quercus robur" and tree.height_m == 2.5
    assert tree.created_by.username == "crew8"
    assert tree.maintenance_events.get().kind == "planting"
    desktop.watch.assert_clean()
