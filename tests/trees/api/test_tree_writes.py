"""Adding and changing trees through the API: the same services as the
admin, attributed to who did it and through which channel; bad input is a
400 that names the field, and nothing is written."""
import json

import pytest

from tests.factories import elm, make_tree, west_point
from trees.models import Channel, Tree, TreeChange

POINT = {"type": "Point", "coordinates": [west_point().x, west_point().y]}


def test_gardener_adds_a_tree_with_a_token(city, gardener, gardener_client):
    response = gardener_client.post("/api/v1/trees/", {"location": POINT, "species": elm().pk, "height_m": 4.5,
                                                       "planted_year": 2021, "external_ids": {"survey_2024": "A-17"}},
                                    format="json")

    assert response.status_code == 201, response.content
    tree = Tree.objects.get(pk=response.json()["id"])
    assert response["Location"] == f"http://testserver/api/v1/trees/{tree.pk}/"
    assert (tree.species, tree.height_m, tree.district.code) == (elm(), 4.5, "west")
    assert (tree.created_by, tree.created_via) == (gardener, Channel.API)
    assert response.json()["properties"]["external_ids"] == {"survey_2024": "A-17"}


def test_a_signed_in_web_session_writes_through_the_web_channel(city, gardener):
    from tests.trees.api.conftest import english_client
    web = english_client()
    web.login(username=gardener.username, password="pw-for-tests-1")

    response = web.post("/api/v1/trees/", {"location": POINT}, format="json")

    assert response.status_code == 201
    assert Tree.objects.get(pk=response.json()["id"]).created_via == Channel.WEB


def test_anonymous_writes_are_told_to_sign_in(city, anonymous):
    response = anonymous.post("/api/v1/trees/", {"location": POINT}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not Tree.objects.exists()


@pytest.mark.parametrize("body, field, says", [
    ({"location": {"type": "LineString", "coordinates": [[74.5, 42.8], [74.6, 42.9]]}}, "location",
     "expected a GeoJSON Point, got type 'LineString'"),
    ({"location": {"type": "Point", "coordinates": [274.5, 42.8]}}, "location", "longitude 274.5 is outside"),
    ({"location": {"type": "Point", "coordinates": [74.5]}}, "location", "must be [longitude, latitude]"),
    ({"location": {"type": "Point", "coordinates": ["74.5", 42.8]}}, "location", "'74.5' is not a finite number"),
    ({"location": "POINT(74.58 42.87)"}, "location", "expected a GeoJSON geometry object"),
    ({"location": {"type": "Point", "coordinates": [74.0, 42.0]}}, "location", "outside every municipality"),
    ({"location": POINT, "species": 999999}, "species", "unknown species 999999"),
    ({"location": POINT, "species": "elm"}, "species", "a species id (a whole number) is required"),
    ({"location": POINT, "trunk_diameter_cm": -5}, "trunk_diameter_cm", "-5.0 is not a plausible value"),
    ({"location": POINT, "height_m": 500}, "height_m", "500.0 is not a plausible value"),
    ({"location": POINT, "height_m": "tall"}, "height_m", "A valid number is required."),
    ({"location": POINT, "species": 1, "height_m": 119}, "height_m", "larger than any"),
    ({"location": POINT, "planted_year": 1066}, "planted_year", "1066 is not a plausible planting year"),
    ({"location": POINT, "status": "withdrawn"}, "status", "a new tree cannot be withdrawn"),
    ({"location": POINT, "status": "sleeping"}, "status", '"sleeping" is not a valid choice.'),
    ({"location": POINT, "hieght_m": 5}, "hieght_m", "unknown field"),
    ({"location": POINT, "version": 7}, "version", "unknown field"),
    ({"location": POINT, "external_ids": {"survey": ["A", "B"]}}, "external_ids", "Not a valid string."),
    ({}, "location", "This field is required."),
])
def test_bad_tree_is_a_400_naming_the_field_and_writes_nothing(city, gardener_client, body, field, says):
    response = gardener_client.post("/api/v1/trees/", body, format="json")

    assert response.status_code == 400, response.content
    assert says in str(response.json()[field])
    assert not Tree.objects.exists() and not TreeChange.objects.exists()


@pytest.mark.parametrize("raw, says", [
    ('{"location": {"type": "Point", "coordinates": [74.58, 42.87]}', "JSON parse error"),
    ('{"location": {"type": "Point", "coordinates": [NaN, 42.87]}}', "JSON parse error"),
    ("[" * 100_000, "JSON parse error"),
    ('["a list, not an object"]', "Expected a dictionary"),
])
def test_malformed_json_is_a_400_about_the_body(city, gardener_client, raw, says):
    response = gardener_client.post("/api/v1/trees/", raw, content_type="application/json")

    assert response.status_code == 400, response.content
    assert says in json.dumps(response.json())
    assert not Tree.objects.exists()


def test_form_posts_are_refused_as_unsupported(city, gardener_client):
    response = gardener_client.post("/api/v1/trees/", {"location": "74.58 42.87"})

    assert response.status_code == 415
    assert not Tree.objects.exists()


def test_gardener_changes_a_tree_and_the_change_is_logged(city, by, gardener_client):
    tree = make_tree(by=by, height_m=5)

    response = gardener_client.patch(f"/api/v1/trees/{tree.pk}/", {"height_m": 6.5, "address": "Erkindik 12"},
                                     format="json")

    assert response.status_code == 200, response.content
    assert response.json()["properties"]["height_m"] == 6.5 and response.json()["properties"]["version"] == 2
    change = TreeChange.objects.get(tree=tree, version=2)
    assert change.changes == {"height_m": [5, 6.5], "address": ["", "Erkindik 12"]} and change.channel == "api"


def test_bad_change_is_a_400_and_leaves_the_tree_as_it_was(city, by, gardener_client):
    tree = make_tree(by=by, height_m=5)

    response = gardener_client.patch(f"/api/v1/trees/{tree.pk}/", {"address": "Erkindik 12", "height_m": -1},
                                     format="json")

    assert response.status_code == 400 and "height_m" in response.json()
    tree.refresh_from_db()
    assert (tree.address, tree.height_m, tree.version) == ("", 5, 1)


def test_moving_a_tree_re_derives_its_district(city, by, gardener_client):
    tree = make_tree(west_point(), by=by)

    response = gardener_client.patch(f"/api/v1/trees/{tree.pk}/",
                                     {"location": {"type": "Point", "coordinates": [74.62, 42.87]}}, format="json")

    assert response.status_code == 200
    tree.refresh_from_db()
    assert tree.district.code == "east"


def test_withdrawing_a_tree_takes_it_off_the_public_map(city, by, gardener_client, anonymous):
    tree = make_tree(by=by)

    gardener_client.patch(f"/api/v1/trees/{tree.pk}/", {"status": "withdrawn"}, format="json")

    assert anonymous.get("/api/v1/trees/").json()["features"] == []
    assert Tree.objects.filter(pk=tree.pk).exists()
