"""Every bad tile request gets a 400 or 404 naming the part at fault, as
JSON, never a 500."""
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url, status, field, says", [
    ("/tiles/parks/12/2896/1507.pbf", 404, "layer", "unknown layer 'parks'; one of trees, areas, reports"),
    ("/tiles/trees/abc/1/1.pbf", 400, "z", "z must be a whole number, not 'abc'"),
    ("/tiles/trees/-1/0/0.pbf", 400, "z", "z must be a whole number, not '-1'"),
    ("/tiles/trees/1.5/0/0.pbf", 400, "z", "z must be a whole number"),
    ("/tiles/trees/12/2896/1e3.pbf", 400, "y", "y must be a whole number"),
    ("/tiles/trees/12/%D9%A1/1.pbf", 400, "x", "x must be a whole number"),  # an Arabic-Indic digit one
    ("/tiles/trees/99999999999/0/0.pbf", 400, "z", "z must be a whole number"),
    ("/tiles/trees/21/0/0.pbf", 404, "z", "zoom 21 is beyond the deepest zoom served, 20"),
    ("/tiles/trees/2/4/0.pbf", 404, "x", "x 4 is outside zoom 2, whose tiles are numbered 0 to 3"),
    ("/tiles/areas/0/0/1.pbf", 404, "y", "y 1 is outside zoom 0, whose tiles are numbered 0 to 0"),
    ("/tiles/trees/12/2896.pbf", 404, "path", "tiles are at /tiles/<layer>/<z>/<x>/<y>.pbf"),
    ("/tiles/trees/12/2896/1507.png", 404, "path", "tiles are at /tiles/<layer>/<z>/<x>/<y>.pbf"),
    ("/tiles/trees/12/2896/1507.pbf?colour=red", 400, "colour",
     "unknown parameter 'colour'; the trees layer takes species, condition, status"),
    ("/tiles/areas/12/2896/1507.pbf?species=1", 400, "species",
     "unknown parameter 'species'; the areas layer takes no query parameters"),
    ("/tiles/trees/12/2896/1507.pbf?species=elm", 400, "species", "species must be species ids (whole numbers)"),
    ("/tiles/trees/12/2896/1507.pbf?species=999999", 400, "species", "no species with id 999999"),
    ("/tiles/trees/12/2896/1507.pbf?species=0", 400, "species", "no species with id 0"),
    ("/tiles/trees/12/2896/1507.pbf?species=", 400, "species", "species is empty"),
    ("/tiles/trees/12/2896/1507.pbf?condition=good,,fair", 400, "condition", "condition has an empty value"),
    ("/tiles/trees/12/2896/1507.pbf?condition=excellent", 400, "condition",
     "unknown condition 'excellent'; one of good, fair, poor, critical, dead, unknown"),
    ("/tiles/trees/12/2896/1507.pbf?status=withdrawn", 400, "status",
     "withdrawn trees were entered in error and are never shown on the map"),
    ("/tiles/trees/12/2896/1507.pbf?status=felled", 400, "status", "unknown status 'felled'"),
    ("/tiles/trees.json?status=withdrawn", 400, "status", "never shown on the map"),
    ("/tiles/parks.json", 404, "layer", "unknown layer 'parks'"),
])
def test_bad_request_names_what_is_wrong(client, url, status, field, says):
    response = client.get(url)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    [message] = response.json()[field]
    assert says in message


def test_a_known_species_with_no_trees_in_the_tile_gives_an_empty_tile(client):
    response = client.get("/tiles/trees/12/2896/1507.pbf?species=1")

    assert response.status_code == 200
    assert response.content == b""


def test_tiles_cannot_be_written(client):
    assert client.post("/tiles/trees/0/0/0.pbf").status_code == 405
    assert client.delete("/tiles/trees.json").status_code == 405


def test_head_answers_like_get_without_a_body(client):
    response = client.head("/tiles/trees/0/0/0.pbf")

    assert response.status_code == 200
    assert response["ETag"]
    assert response.content == b""
