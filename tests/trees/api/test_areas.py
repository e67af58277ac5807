"""Green areas (drawn and reshaped by gardeners and moderators) and
administrative areas (read only)."""
import pytest

from tests.factories import square
from trees import services
from trees.models import GreenArea

PARK = {"type": "Polygon", "coordinates": [[[74.57, 42.86], [74.58, 42.86], [74.58, 42.87], [74.57, 42.87],
                                             [74.57, 42.86]]]}


def test_moderator_draws_a_park_and_gets_its_area_in_square_metres(city, moderator_client):
    response = moderator_client.post("/api/v1/green-areas/", {"boundary": PARK, "kind": "park", "name_ru": "Дубовый парк",
                                                              "name_en": "Oak Park"}, format="json")

    assert response.status_code == 201, response.content
    properties = response.json()["properties"]
    # 0.01 x 0.01 degree at 42.87° N is about 815 m x 1,112 m.
    assert properties["area_m2"] == pytest.approx(815 * 1112, rel=0.01)
    assert properties["municipality"] == "testgrad" and response.json()["geometry"]["type"] == "MultiPolygon"


def test_volunteers_cannot_draw_green_areas(city, volunteer_client):
    response = volunteer_client.post("/api/v1/green-areas/", {"boundary": PARK, "kind": "park", "name_ru": "Парк"},
                                     format="json")

    assert response.status_code == 403
    assert not GreenArea.objects.exists()


@pytest.mark.parametrize("boundary, says", [
    ({"type": "Point", "coordinates": [74.57, 42.86]}, "expected a GeoJSON Polygon or MultiPolygon"),
    ({"type": "Polygon", "coordinates": [[[74.57, 42.86], [74.58, 42.86], [74.58, 42.87], [74.57, 42.87]]]},
     "is not closed"),
    ({"type": "Polygon", "coordinates": [[[74.57, 42.86], [74.58, 42.87], [74.58, 42.86], [74.57, 42.87],
                                          [74.57, 42.86]]]}, "the shape is not valid: Self-intersection"),
    ({"type": "Polygon", "coordinates": [[[70.0, 40.0], [70.1, 40.0], [70.1, 40.1], [70.0, 40.0]]]},
     "outside every municipality"),
    ({"type": "Polygon", "coordinates": [[[74.57, 42.86], [74.58, 42.86], [74.58, 91], [74.57, 42.86]]]},
     "latitude 91.0 is outside"),
    ({"type": "MultiPolygon", "coordinates": []}, "a list of polygons"),
])
def test_bad_boundary_is_a_400_naming_it_and_writes_nothing(city, moderator_client, boundary, says):
    response = moderator_client.post("/api/v1/green-areas/", {"boundary": boundary, "kind": "park", "name_ru": "Парк"},
                                     format="json")

    assert response.status_code == 400, response.content
    assert says in str(response.json()["boundary"])
    assert not GreenArea.objects.exists()


def test_gardener_renames_a_green_area(city, by, gardener_client):
    area = services.create_green_area(boundary=square(74.58, 42.87, 0.002), kind="square", name_ru="Сквер", by=by)
    etag = gardener_client.get(f"/api/v1/green-areas/{area.pk}/")["ETag"]

    response = gardener_client.patch(f"/api/v1/green-areas/{area.pk}/", {"name_en": "Friendship Square"},
                                     format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    assert response.json()["properties"]["name_en"] == "Friendship Square"
    assert response.json()["properties"]["version"] == 2


def test_green_areas_in_a_box(city, by, anonymous):
    inside = services.create_green_area(boundary=square(74.58, 42.87, 0.002), kind="park", name_ru="A", by=by)
    services.create_green_area(boundary=square(74.63, 42.87, 0.002), kind="park", name_ru="B", by=by)

    features = anonymous.get("/api/v1/green-areas/?bbox=74.57,42.86,74.59,42.88").json()["features"]

    assert [f["id"] for f in features] == [inside.pk]


def test_districts_are_listed_with_their_boundaries(city, anonymous):
    features = anonymous.get("/api/v1/administrative-areas/?level=district&municipality=testgrad").json()["features"]

    assert sorted(f["properties"]["code"] for f in features) == ["east", "west"]
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in features)


def test_administrative_areas_cannot_be_changed_through_the_api(city, moderator_client):
    response = moderator_client.post("/api/v1/administrative-areas/", {"code": "north"}, format="json")

    assert response.status_code == 405
