"""TileJSON: how a map client finds a layer's tiles."""
import pytest

pytestmark = pytest.mark.django_db


def test_tilejson_points_at_the_layers_tiles_with_the_same_filters(client, city):
    document = client.get("/tiles/trees.json?status=alive,dead&condition=poor").json()

    assert document["tilejson"] == "3.0.0"
    assert document["tiles"] == [
        "http://testserver/tiles/trees/{z}/{x}/{y}.pbf?condition=poor&status=alive,dead"]
    assert (document["minzoom"], document["maxzoom"]) == (0, 20)
    west, south, east, north = document["bounds"]
    assert (west, south, east, north) == pytest.approx((74.55, 42.82, 74.65, 42.92))
    [layer] = document["vector_layers"]
    assert layer["id"] == "trees"
    assert {"id", "species_id", "species", "status", "condition", "count", "good", "unknown"} <= set(layer["fields"])


@pytest.mark.parametrize("name, fields", [
    ("areas", {"id", "name_ru", "name_ky", "name_en", "kind"}),
    ("reports", {"id", "category", "status", "tracking_code"}),
])
def test_tilejson_of_areas_and_reports(client, city, name, fields):
    response = client.get(f"/tiles/{name}.json")

    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["tiles"] == [f"http://testserver/tiles/{name}/{{z}}/{{x}}/{{y}}.pbf"]
    assert set(document["vector_layers"][0]["fields"]) == fields
