"""The trees layer as a map client reads it: decoded with independent
decoders, checked against trees made through the services. Tests commit
(transactional), as the app does: tile bookkeeping is applied at commit."""
from types import SimpleNamespace

import pytest
from django.test import override_settings

from tests import factories
from tests.tiles.decoding import by_id, features, fetch, lon_lat, ogrinfo_features, tile_of
from trees import services
from trees.models import Species

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
STREET_ZOOM, CELL_ZOOM = 17, 12


@pytest.fixture
def street(city, by):
    """Three trees a few metres apart, on one street-zoom tile."""
    elm, poplar = factories.elm(), Species.objects.get(scientific_name="Populus alba")
    elm_tree = factories.make_tree(factories.west_point(), by=by, species=elm)
    services.record_condition(tree=elm_tree, condition="poor", by=by)
    poplar_tree = factories.make_tree(factories.west_point(dx=0.0002), by=by, species=poplar)
    services.record_condition(tree=poplar_tree, condition="good", by=by)
    site = factories.make_tree(factories.west_point(dy=0.0002), by=by, status="planting_site")
    tile = tile_of(elm_tree.location, STREET_ZOOM)
    assert {tile_of(t.location, STREET_ZOOM) for t in (poplar_tree, site)} == {tile}
    return SimpleNamespace(elm=elm_tree, poplar=poplar_tree, site=site, tile=tile)


def test_street_tile_carries_every_tree_with_its_attributes(client, street):
    found = by_id(features(client, "trees", street.tile))

    assert set(found) == {street.elm.pk, street.poplar.pk, street.site.pk}
    assert found[street.elm.pk]["properties"] == {
        "id": street.elm.pk, "species_id": street.elm.species_id, "species": "Ulmus pumila",
        "status": "alive", "condition": "poor"}
    assert found[street.poplar.pk]["properties"]["condition"] == "good"
    # No species recorded: the keys are absent (MVT has no null).
    assert found[street.site.pk]["properties"] == {
        "id": street.site.pk, "status": "planting_site", "condition": "unknown"}
    assert found[street.elm.pk]["id"] == street.elm.pk  # the MVT feature id too


def test_street_tile_puts_each_tree_where_it_stands(client, street):
    found = by_id(features(client, "trees", street.tile))

    for tree in (street.elm, street.poplar, street.site):
        lon, lat = lon_lat(found[tree.pk], street.tile)
        # One unit of a z17 tile's 4096 is 0.3 m; allow two.
        assert abs(lon - tree.location.x) < 1e-5 and abs(lat - tree.location.y) < 1e-5


def test_gdal_reads_the_same_trees(client, street, tmp_path):
    response = fetch(client, "trees", street.tile)

    read = ogrinfo_features(response.content, street.tile, tmp_path)

    attributes = {int(feature["attributes"]["id"]): feature["attributes"] for feature in read}
    assert set(attributes) == {street.elm.pk, street.poplar.pk, street.site.pk}
    assert attributes[street.elm.pk]["species"] == "Ulmus pumila"
    assert attributes[street.poplar.pk]["condition"] == "good"
    elm_x, elm_y = next(f["point"] for f in read if int(f["attributes"]["id"]) == street.elm.pk)
    expected = street.elm.location.transform(3857, clone=True)
    assert abs(elm_x - expected.x) < 1 and abs(elm_y - expected.y) < 1  # metres


def test_withdrawn_trees_never_appear(client, street, by):
    services.withdraw_tree(tree=street.poplar, by=by)

    assert street.poplar.pk not in by_id(features(client, "trees", street.tile))
    cells = features(client, "trees", tile_of(street.elm.location, CELL_ZOOM))
    assert sum(cell["properties"]["count"] for cell in cells) == 2


def test_aggregated_zoom_carries_cells_with_counts_per_condition(client, street, by):
    far = factories.make_tree(factories.west_point(dx=0.03), by=by, species=factories.elm())  # same z12 tile
    services.record_condition(tree=far, condition="dead", by=by)

    cells = features(client, "trees", tile_of(street.elm.location, CELL_ZOOM))

    assert len(cells) == 2  # the street's trees share a cell, the far tree has its own
    near = next(cell for cell in cells if cell["properties"]["count"] == 3)["properties"]
    assert near == {"count": 3, "good": 1, "fair": 0, "poor": 1, "critical": 0, "dead": 0, "unknown": 1}
    assert "id" not in near


def test_cell_sits_at_the_centroid_of_its_trees(client, street):
    tile = tile_of(street.elm.location, CELL_ZOOM)

    [cell] = features(client, "trees", tile)

    lon, lat = lon_lat(cell, tile)
    trees = (street.elm, street.poplar, street.site)
    assert abs(lon - sum(t.location.x for t in trees) / 3) < 1e-4
    assert abs(lat - sum(t.location.y for t in trees) / 3) < 1e-4


def test_zooms_below_the_stored_levels_add_up_the_whole_city(client, street, by):
    factories.make_tree(factories.east_point(), by=by)

    [cell] = features(client, "trees", tile_of(street.elm.location, 3))

    assert cell["properties"]["count"] == 4


@pytest.mark.parametrize("zoom", [STREET_ZOOM, CELL_ZOOM])
def test_filters_narrow_what_tiles_show(client, street, zoom, by):
    services.update_tree(tree=street.elm, by=by, status="dead")
    tile = tile_of(street.elm.location, zoom)

    def shown(query):
        found = features(client, "trees", tile, query)
        if zoom == CELL_ZOOM:
            return sum(cell["properties"]["count"] for cell in found)
        return {feature["properties"]["id"] for feature in found}

    expected = (lambda *trees: len(trees)) if zoom == CELL_ZOOM else (lambda *trees: {t.pk for t in trees})
    assert shown(f"species={street.poplar.species_id}") == expected(street.poplar)
    assert shown(f"species={street.poplar.species_id},{street.elm.species_id}") == expected(street.elm, street.poplar)
    assert shown("condition=poor,unknown") == expected(street.elm, street.site)
    assert shown("status=dead") == expected(street.elm)
    assert shown("status=alive,planting_site&condition=good") == expected(street.poplar)
    assert shown(f"species={street.elm.species_id}&condition=critical") == expected()


def test_condition_filter_zeroes_the_other_condition_counts(client, street):
    [cell] = features(client, "trees", tile_of(street.elm.location, CELL_ZOOM), "condition=poor")

    assert cell["properties"] == {"count": 1, "good": 0, "fair": 0, "poor": 1, "critical": 0, "dead": 0, "unknown": 0}


def test_a_street_tile_with_too_many_trees_carries_cells(client, street, settings):
    with override_settings(GREENMAP={**settings.GREENMAP, "TILE_MAX_TREES": 2}):
        found = features(client, "trees", street.tile)

    # Three cells of 8 x 8 at z17, each counting one tree; no tree features.
    assert sorted(cell["properties"]["count"] for cell in found) == [1, 1, 1]
    assert sum(cell["properties"]["poor"] for cell in found) == 1
    assert not any("id" in cell["properties"] for cell in found)


def test_an_empty_tile_is_an_empty_200(client, city):
    response = fetch(client, "trees", (STREET_ZOOM, 0, 0))

    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
