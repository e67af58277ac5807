"""Reading trees: GeoJSON collections and details, what the public sees."""
from tests.factories import east_point, elm, make_tree, west_point
from trees import services
from trees.models import TreeStatus


def test_tree_list_is_a_feature_collection_of_longitude_latitude_points(city, by, anonymous):
    tree = make_tree(west_point(), by=by, species=elm(), height_m=7.5, planted_year=1998)

    response = anonymous.get("/api/v1/trees/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["numberMatched"] == 1 and body["numberReturned"] == 1
    feature = body["features"][0]
    assert feature["type"] == "Feature" and feature["id"] == tree.pk
    assert feature["geometry"] == {"type": "Point", "coordinates": [west_point().x, west_point().y]}
    assert feature["properties"]["species_name"] == "Ulmus pumila"
    assert feature["properties"]["height_m"] == 7.5 and feature["properties"]["planted_year"] == 1998
    assert feature["properties"]["district"] == tree.district_id and feature["properties"]["municipality"] == "testgrad"


def test_clients_that_ask_for_plain_json_get_the_same_collection(city, by, anonymous):
    make_tree(by=by)

    geojson = anonymous.get("/api/v1/trees/")
    plain = anonymous.get("/api/v1/trees/", HTTP_ACCEPT="application/json")

    assert plain["Content-Type"] == "application/json"
    assert plain.json() == geojson.json()


def test_tree_detail_has_newest_condition_and_links_that_lead_to_the_whole_history(city, by, anonymous):
    tree = make_tree(by=by)
    services.record_condition(tree=tree, condition="fair", by=by, observed_at=_days_ago(30))
    newest = services.record_condition(tree=tree, condition="poor", defects=["cavity"], by=by)
    services.log_maintenance(tree=tree, kind="sanitary_pruning", by=by)

    detail = anonymous.get(f"/api/v1/trees/{tree.pk}/").json()

    assert detail["type"] == "Feature" and detail["id"] == tree.pk
    assert detail["properties"]["current_condition"] == "poor"
    assert detail["properties"]["newest_condition"]["id"] == newest.pk
    assert detail["properties"]["newest_condition"]["defects"] == ["cavity"]
    conditions = anonymous.get(detail["properties"]["links"]["conditions"]).json()
    assert [f["properties"]["condition"] for f in conditions["features"]] == ["poor", "fair"]
    maintenance = anonymous.get(detail["properties"]["links"]["maintenance"]).json()
    assert [f["properties"]["kind"] for f in maintenance["features"]] == ["sanitary_pruning"]


def test_newest_condition_skips_a_retracted_record(city, by, anonymous):
    tree = make_tree(by=by)
    kept = services.record_condition(tree=tree, condition="good", by=by, observed_at=_days_ago(10))
    wrong = services.record_condition(tree=tree, condition="dead", by=by)
    services.retract_condition_record(record=wrong, by=by, notes="wrong tree")

    properties = anonymous.get(f"/api/v1/trees/{tree.pk}/").json()["properties"]

    assert properties["newest_condition"]["id"] == kept.pk
    assert properties["current_condition"] == "good"


def test_list_and_detail_show_a_tree_the_same_way(city, by, anonymous):
    tree = make_tree(by=by, species=elm(), trunk_diameter_cm=31.5, address="Chui Ave 100")

    listed = anonymous.get("/api/v1/trees/").json()["features"][0]
    detail = anonymous.get(f"/api/v1/trees/{tree.pk}/").json()

    assert listed["geometry"] == detail["geometry"]
    assert listed["properties"].items() <= detail["properties"].items()


def test_withdrawn_trees_are_left_out_of_public_lists_and_details(city, by, anonymous):
    kept = make_tree(west_point(), by=by)
    withdrawn = services.withdraw_tree(tree=make_tree(east_point(), by=by), by=by)

    listed = anonymous.get("/api/v1/trees/").json()
    asked_for = anonymous.get("/api/v1/trees/?status=withdrawn").json()

    assert [f["id"] for f in listed["features"]] == [kept.pk]
    assert asked_for["features"] == []
    assert anonymous.get(f"/api/v1/trees/{withdrawn.pk}/").status_code == 404


def test_staff_who_change_trees_find_withdrawn_ones_only_when_they_ask(city, by, gardener_client):
    kept = make_tree(west_point(), by=by)
    withdrawn = services.withdraw_tree(tree=make_tree(east_point(), by=by), by=by)

    everyday = gardener_client.get("/api/v1/trees/").json()
    asked_for = gardener_client.get("/api/v1/trees/?status=withdrawn").json()

    assert [f["id"] for f in everyday["features"]] == [kept.pk]
    assert [f["id"] for f in asked_for["features"]] == [withdrawn.pk]
    detail = gardener_client.get(f"/api/v1/trees/{withdrawn.pk}/").json()
    assert detail["properties"]["status"] == TreeStatus.WITHDRAWN


def test_unknown_tree_is_a_404_that_says_which(city, anonymous):
    response = anonymous.get("/api/v1/trees/999999/")

    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def _days_ago(days):
    from django.utils import timezone
    return timezone.now() - timezone.timedelta(days=days)
