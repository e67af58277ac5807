"""Tiles may be cached by browsers, proxies and the server, and an edit is
still in the very next request for its tile. Tests commit, as the app does."""
import pytest
from django.db import connection, transaction

from tests import factories
from tests.tiles.decoding import by_id, features, fetch, tile_of
from tiles.addresses import tile_address
from tiles.caching import cache_key, cached_tile, tile_cache
from tiles.filters import TreeFilters
from trees import services

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ZOOM = 17


@pytest.fixture
def tree(city, by):
    tree = factories.make_tree(factories.west_point(), by=by, species=factories.elm())
    services.record_condition(tree=tree, condition="good", by=by)
    return tree


def _version(layer):
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM tiles_layerversion WHERE layer = %s", [layer])
        return cursor.fetchone()[0]


def test_tiles_carry_an_etag_and_may_be_cached_publicly(client, tree, settings):
    response = fetch(client, "trees", tile_of(tree.location, ZOOM))

    assert response["ETag"].startswith('"trees-')
    assert response["Cache-Control"] == f"public, max-age={settings.GREENMAP['TILE_CACHE_SECONDS']}"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_revalidating_an_unchanged_tile_answers_304_without_a_body(client, tree):
    tile = tile_of(tree.location, ZOOM)
    first = fetch(client, "trees", tile)

    again = fetch(client, "trees", tile, If_None_Match=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]


def test_an_edit_is_in_the_next_request_for_its_tile(client, tree, by):
    tile = tile_of(tree.location, ZOOM)
    before = fetch(client, "trees", tile)  # now also in the server cache

    services.record_condition(tree=tree, condition="critical", by=by)

    revalidated = fetch(client, "trees", tile, If_None_Match=before["ETag"])
    assert revalidated.status_code == 200
    assert revalidated["ETag"] != before["ETag"]
    assert by_id(features(client, "trees", tile))[tree.pk]["properties"]["condition"] == "critical"
    cells = features(client, "trees", tile_of(tree.location, 12))
    assert [(cell["properties"]["good"], cell["properties"]["critical"]) for cell in cells] == [(0, 1)]


def test_a_moved_tree_leaves_its_old_tile_and_cell(client, tree, by):
    old_tile, old_cell_tile = tile_of(tree.location, ZOOM), tile_of(tree.location, 12)
    fetch(client, "trees", old_tile)

    moved = services.update_tree(tree=tree, by=by, location=factories.west_point(dx=-0.02))

    new_tile = tile_of(moved.location, ZOOM)
    assert features(client, "trees", old_tile) == []
    assert tree.pk in by_id(features(client, "trees", new_tile))
    assert sum(cell["properties"]["count"] for cell in features(client, "trees", old_cell_tile)) == 1


def test_a_change_tiles_do_not_show_keeps_the_etag(client, tree, by):
    tile = tile_of(tree.location, ZOOM)
    before = fetch(client, "trees", tile)

    services.update_tree(tree=tree, by=by, address="ул. Киевская, 12", height_m=9)

    assert fetch(client, "trees", tile, If_None_Match=before["ETag"]).status_code == 304


def test_each_layer_has_its_own_version(client, tree, by):
    tile = tile_of(tree.location, ZOOM)
    areas_before = fetch(client, "areas", tile)

    services.record_condition(tree=tree, condition="fair", by=by)

    assert fetch(client, "areas", tile, If_None_Match=areas_before["ETag"]).status_code == 304


def test_renaming_a_species_changes_the_trees_version(tree):
    before = _version("trees")

    species = factories.elm()
    species.name_en = "Siberian elm (renamed)"
    species.save()  # species have no service: the admin saves them like this

    assert _version("trees") > before


def test_a_rolled_back_change_leaves_versions_and_cells_alone(client, tree, by):
    before = _version("trees")
    cell_tile = tile_of(tree.location, 12)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.withdraw_tree(tree=tree, by=by)
        raise RuntimeError("the import failed half way")

    assert _version("trees") == before
    assert sum(cell["properties"]["count"] for cell in features(client, "trees", cell_tile)) == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM tiles_treecelldelta), (SELECT count(*) FROM "
                       "tiles_pendinglayerchange)")
        assert cursor.fetchone() == (0, 0)  # nothing left behind


def test_the_server_cache_serves_a_tile_only_while_its_version_is_current(client, tree, by):
    tile = tile_of(tree.location, ZOOM)
    address = tile_address(*map(str, tile))
    first = fetch(client, "trees", tile)
    version, content = cached_tile("trees", address, TreeFilters())
    assert (version, content) == (_version("trees"), first.content)

    tile_cache().set(cache_key("trees", address, TreeFilters()), (version, b"kept by the server"))
    assert fetch(client, "trees", tile).content == b"kept by the server"

    services.record_condition(tree=tree, condition="dead", by=by)
    assert by_id(features(client, "trees", tile))[tree.pk]["properties"]["condition"] == "dead"
