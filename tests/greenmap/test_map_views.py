import re

import pytest
from django.contrib.gis.geos import Point

from tests.factories import CENTRE, elm, make_tree, make_user, west_point
from trees import services
from trees.models import CitizenReport


def test_map_page_loads_every_script_and_stylesheet_from_the_app(client, city):
    page = client.get("/").content.decode()

    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources, "the page should load Leaflet and its own script"
    assert all(s.startswith("/static/") for s in sources), sources
    assert "user-scalable=no" not in page


def test_tree_card_speaks_the_visitors_language(client, city, by):
    tree = make_tree(by=by, species=elm(), height_m=8)
    services.log_maintenance(tree=tree, by=by, kind="watering", performed_by="Бригада 2")

    card = client.get(f"/map/trees/{tree.pk}.json", HTTP_ACCEPT_LANGUAGE="en").json()

    assert card["species"] == "Siberian elm" and card["height_m"] == 8
    assert card["work"][0]["label"] == "watering" and card["work"][0]["performed_by"] == "Бригада 2"
    assert "nearby_reports" not in card  # staff only


def test_tree_card_for_staff_lists_open_reports_nearby(client, city, by, gardener):
    tree = make_tree(by=by)
    CitizenReport.objects.create(municipality=city, location=tree.location, category="sick", status="received",
                                 tracking_code="GBTEST0001", contact="+996 555 000 000")
    client.force_login(gardener)

    card = client.get(f"/map/trees/{tree.pk}.json").json()

    assert [r["tracking_code"] for r in card["nearby_reports"]] == ["GBTEST0001"]
    assert "+996" not in str(card)


def test_withdrawn_tree_has_no_card(client, city, by):
    tree = services.withdraw_tree(tree=make_tree(by=by), by=by)

    assert client.get(f"/map/trees/{tree.pk}.json").status_code == 404


def test_tap_finds_the_nearest_tree_within_tolerance(client, city, by):
    near = make_tree(west_point(), by=by)
    make_tree(west_point(dx=0.0002), by=by)  # ~16 m east

    found = client.get("/map/trees/near.json", {"lat": near.location.y, "lon": near.location.x + 0.00002,
                                                 "tolerance_m": 5}).json()
    missed = client.get("/map/trees/near.json", {"lat": near.location.y + 0.001, "lon": near.location.x,
                                                  "tolerance_m": 5}).json()

    assert found == {"tree": {"id": near.pk}}
    assert missed == {"tree": None}


def test_tap_ignores_trees_hidden_by_the_filters(client, city, by):
    tree = make_tree(by=by, species=elm())
    services.record_condition(tree=tree, by=by, condition="good")

    hidden = client.get("/map/trees/near.json", {"lat": tree.location.y, "lon": tree.location.x,
                                                  "tolerance_m": 5, "condition": "poor,critical"}).json()
    shown = client.get("/map/trees/near.json", {"lat": tree.location.y, "lon": tree.location.x,
                                                 "tolerance_m": 5, "condition": "good", "species": elm().pk}).json()

    assert hidden == {"tree": None} and shown == {"tree": {"id": tree.pk}}


@pytest.mark.parametrize("query, field", [
    ({"lat": "x", "lon": "74"}, "lat"),
    ({"lat": "42.8", "lon": "74.6", "tolerance_m": "5000"}, "tolerance_m"),
    ({"lat": "42.8", "lon": "74.6", "condition": "splendid"}, "condition"),
    ({"lat": "42.8", "lon": "74.6", "species": "elm"}, "species"),
    ({"lat": "95", "lon": "74.6"}, "lat"),
])
def test_bad_tap_queries_are_400_naming_the_field(client, city, query, field):
    response = client.get("/map/trees/near.json", query)

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_search_finds_trees_by_number_and_address_and_parks_by_name(client, city, by):
    tree = make_tree(by=by, address="ул. Киевская, 77")
    park = services.create_green_area(boundary=Point(*CENTRE, srid=4326).buffer(0.001), kind="park",
                                      name_ru="Дубовый парк", name_en="Oak Park", by=by)

    by_number = client.get("/map/search.json", {"q": f"#{tree.pk}"}).json()["results"]
    by_address = client.get("/map/search.json", {"q": "киевская, 77"}).json()["results"]
    by_park = client.get("/map/search.json", {"q": "Oak"}, HTTP_ACCEPT_LANGUAGE="en").json()["results"]

    assert by_number[0]["id"] == tree.pk
    assert by_address[0]["id"] == tree.pk
    assert by_park[0] == {"label": "Oak Park", "kind": "area", "id": park.pk, "lat": pytest.approx(CENTRE[1], abs=0.002),
                          "lon": pytest.approx(CENTRE[0], abs=0.002)}


def test_report_form_refuses_a_missing_point_naming_the_field(client, city):
    response = client.post("/reports/new/", {"category": "sick", "lat": "", "lon": ""})

    assert response.status_code == 400
    assert "location" in response.json()["errors"]
    assert not CitizenReport.objects.exists()


def test_report_form_refuses_bots_that_fill_the_hidden_field(client, city):
    response = client.post("/reports/new/", {"category": "sick", "lat": CENTRE[1], "lon": CENTRE[0],
                                             "website": "http://spam.example"})

    assert response.status_code == 400
    assert not CitizenReport.objects.exists()


def test_report_form_files_a_report_and_links_its_tracking_page(client, city):
    response = client.post("/reports/new/", {"category": "dangerous", "lat": CENTRE[1], "lon": CENTRE[0] - 0.01,
                                             "description": "<b>ветка</b>"}, HTTP_IDEMPOTENCY_KEY="3f2c9a1e-report-key")

    assert response.status_code == 201
    code = response.json()["tracking_code"]
    page = client.get(response.json()["url"]).content.decode()
    assert code in page and "&lt;b&gt;ветка&lt;/b&gt;" in page


def test_report_form_unknown_category_is_refused(client, city):
    response = client.post("/reports/new/", {"category": "ufo", "lat": CENTRE[1], "lon": CENTRE[0]})

    assert response.status_code == 400
    assert "category" in response.json()["errors"]


def test_unknown_tracking_code_is_a_404(client, db):
    assert client.get("/reports/NOPE123/").status_code == 404


def test_signed_in_gardener_sees_the_planting_button(client, city):
    client.force_login(make_user("crew9", role="gardener"))

    assert "Добавить посаженное дерево" in client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()


def test_tiles_do_not_vary_by_language_so_a_cdn_keeps_one_copy(client, city):
    tile = client.get("/tiles/areas/12/2896/1506.pbf", HTTP_ACCEPT_LANGUAGE="ky")
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ky")

    assert tile.status_code == 200
    assert "Accept-Language" not in tile.get("Vary", "")
    assert "Accept-Language" in page["Vary"]
