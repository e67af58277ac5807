"""ETags and If-Match: a change based on an old read is refused (412) and
changes nothing; readers can revalidate with If-None-Match."""
from tests.factories import make_tree
from trees import services


def test_change_with_the_current_etag_is_accepted_and_gets_a_new_one(city, by, gardener_client):
    tree = make_tree(by=by, height_m=5)
    etag = gardener_client.get(f"/api/v1/trees/{tree.pk}/")["ETag"]

    response = gardener_client.patch(f"/api/v1/trees/{tree.pk}/", {"height_m": 6}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response["ETag"] == gardener_client.get(f"/api/v1/trees/{tree.pk}/")["ETag"]


def test_change_with_a_stale_etag_is_refused_and_changes_nothing(city, by, gardener_client):
    tree = make_tree(by=by, height_m=5)
    read_before = gardener_client.get(f"/api/v1/trees/{tree.pk}/")["ETag"]
    services.update_tree(tree=tree, by=by, height_m=7)  # someone else, meanwhile

    response = gardener_client.patch(f"/api/v1/trees/{tree.pk}/", {"height_m": 6}, format="json",
                                     HTTP_IF_MATCH=read_before)

    assert response.status_code == 412
    assert "changed since you read it" in response.json()["If-Match"][0]
    tree.refresh_from_db()
    assert (tree.height_m, tree.version) == (7, 2)


def test_a_new_condition_record_makes_an_earlier_read_stale(city, by, gardener_client):
    tree = make_tree(by=by)
    read_before = gardener_client.get(f"/api/v1/trees/{tree.pk}/")["ETag"]
    services.record_condition(tree=tree, condition="dead", by=by)  # also marks the tree dead

    response = gardener_client.patch(f"/api/v1/trees/{tree.pk}/", {"status": "alive"}, format="json",
                                     HTTP_IF_MATCH=read_before)

    assert response.status_code == 412
    tree.refresh_from_db()
    assert tree.status == "dead"


def test_weak_or_unknown_etags_never_match_a_write(city, by, gardener_client):
    tree = make_tree(by=by, height_m=5)
    etag = gardener_client.get(f"/api/v1/trees/{tree.pk}/")["ETag"]

    weak = gardener_client.patch(f"/api/v1/trees/{tree.pk}/", {"height_m": 6}, format="json",
                                 HTTP_IF_MATCH=f"W/{etag}")
    other = gardener_client.patch(f"/api/v1/trees/{tree.pk}/", {"height_m": 6}, format="json",
                                  HTTP_IF_MATCH='"nonsense"')

    assert weak.status_code == other.status_code == 412
    tree.refresh_from_db()
    assert tree.height_m == 5


def test_green_area_changes_are_guarded_the_same_way(city, gardener_client, by):
    from tests.factories import square
    area = services.create_green_area(boundary=square(74.58, 42.87, 0.002), kind="park", name_ru="Парк", by=by)
    read_before = gardener_client.get(f"/api/v1/green-areas/{area.pk}/")["ETag"]
    services.update_green_area(area=area, by=by, name_en="Oak Park")

    response = gardener_client.patch(f"/api/v1/green-areas/{area.pk}/", {"name_en": "Elm Park"}, format="json",
                                     HTTP_IF_MATCH=read_before)

    assert response.status_code == 412
    area.refresh_from_db()
    assert area.name_en == "Oak Park"


def test_collections_and_details_revalidate_with_if_none_match(city, by, anonymous):
    tree = make_tree(by=by)
    for url in ("/api/v1/trees/", f"/api/v1/trees/{tree.pk}/"):
        etag = anonymous.get(url)["ETag"]

        unchanged = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)
        services.update_tree(tree=tree.pk, by=by, address=f"moved for {url}")
        changed = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)

        assert unchanged.status_code == 304 and unchanged.content == b""
        assert changed.status_code == 200 and changed["ETag"] != etag
