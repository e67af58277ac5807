"""The species catalogue: Features without a place."""


def test_species_are_features_without_geometry_found_by_any_of_their_names(db, anonymous):
    by_russian = anonymous.get("/api/v1/species/", {"name": "карагач"}).json()["features"]
    by_latin = anonymous.get("/api/v1/species/", {"name": "ulmus pum"}).json()["features"]

    assert [f["properties"]["scientific_name"] for f in by_latin] == ["Ulmus pumila"]
    assert by_russian == by_latin
    assert by_latin[0]["geometry"] is None


def test_one_species(db, anonymous):
    listed = anonymous.get("/api/v1/species/?page_size=1").json()["features"][0]

    detail = anonymous.get(f"/api/v1/species/{listed['id']}/").json()

    assert detail == listed
