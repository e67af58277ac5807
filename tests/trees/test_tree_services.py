import pytest
from django.contrib.gis.geos import Point

from tests.factories import east_point, elm, make_tree, west_point
from trees import services
from trees.models import Channel, Species, TreeChange, TreeStatus


def test_new_tree_gets_municipality_and_district_from_its_point(city, by):
    west = make_tree(west_point(), by=by, species=elm())
    east = make_tree(east_point(), by=by)

    assert west.municipality == city and east.municipality == city
    assert west.district.code == "west"
    assert east.district.code == "east"


def test_new_tree_records_who_created_it_and_through_which_channel(city, gardener):
    tree = make_tree(by=services.Actor(user=gardener, channel=Channel.WEB))

    assert (tree.created_by, tree.created_via, tree.version) == (gardener, "web", 1)
    first = TreeChange.objects.get(tree=tree)
    assert first.version == 1 and first.recorded_by == gardener and first.channel == "web"


def test_point_in_another_crs_is_stored_as_wgs84(city, by):
    utm = west_point().transform(32643, clone=True)

    tree = make_tree(utm, by=by)

    assert tree.location.srid == 4326
    assert tree.location.x == pytest.approx(west_point().x, abs=1e-7)


def test_tree_outside_every_municipality_is_refused_naming_the_location(city, by):
    with pytest.raises(services.OutsideMunicipality) as error:
        make_tree(Point(74.0, 42.0, srid=4326), by=by)

    assert error.value.field == "location"
    assert "outside every municipality" in error.value.message


@pytest.mark.parametrize("field, value", [("trunk_diameter_cm", -5), ("height_m", 500), ("crown_diameter_m", 0)])
def test_absurd_sizes_are_refused_naming_the_field(city, by, field, value):
    with pytest.raises(services.InvalidValue) as error:
        make_tree(by=by, **{field: value})

    assert error.value.field == field


def test_size_larger_than_the_species_grows_is_refused(city, by):
    apricot = Species.objects.get(scientific_name="Prunus armeniaca")

    with pytest.raises(services.InvalidValue, match="larger than any Prunus armeniaca"):
        make_tree(by=by, species=apricot, height_m=30)


def test_update_bumps_version_and_logs_old_and_new_values(city, by):
    tree = make_tree(by=by, height_m=5)

    updated = services.update_tree(tree=tree, by=by, expected_version=1, height_m=6.5)

    assert updated.version == 2 and updated.height_m == 6.5
    assert TreeChange.objects.get(tree=tree, version=2).changes == {"height_m": [5, 6.5]}


def test_update_with_stale_version_is_refused_and_changes_nothing(city, by):
    tree = make_tree(by=by, height_m=5)
    services.update_tree(tree=tree, by=by, expected_version=1, height_m=6)

    with pytest.raises(services.StaleVersion):
        services.update_tree(tree=tree, by=by, expected_version=1, height_m=9)

    tree.refresh_from_db()
    assert tree.height_m == 6 and tree.version == 2


def test_update_that_changes_nothing_writes_nothing(city, by):
    tree = make_tree(by=by, height_m=5)

    services.update_tree(tree=tree, by=by, height_m=5)

    assert TreeChange.objects.filter(tree=tree).count() == 1


def test_moving_a_tree_across_the_district_line_re_derives_its_district(city, by):
    tree = make_tree(west_point(), by=by)

    moved = services.update_tree(tree=tree, by=by, location=east_point())

    assert moved.district.code == "east"


def test_derived_fields_cannot_be_set_directly(city, by):
    tree = make_tree(by=by)

    with pytest.raises(services.InvalidValue) as error:
        services.update_tree(tree=tree, by=by, current_condition="good")

    assert error.value.field == "current_condition"


def test_planting_creates_an_alive_tree_with_its_planting_event(city, by):
    tree, event = services.plant_tree(location=west_point(), species=elm(), by=by, performed_by="Crew 3")

    assert tree.status == TreeStatus.ALIVE
    assert event.kind == "planting" and event.tree == tree and event.performed_by == "Crew 3"


def test_reverting_a_change_restores_old_values_as_a_new_change(city, by):
    tree = make_tree(by=by, height_m=5)
    services.update_tree(tree=tree, by=by, height_m=7)
    change = TreeChange.objects.get(tree=tree, version=2)

    reverted = services.revert_tree_change(change=change, by=by)

    assert reverted.height_m == 5 and reverted.version == 3


def test_reverting_is_refused_when_a_later_change_touched_the_same_field(city, by):
    tree = make_tree(by=by, height_m=5)
    services.update_tree(tree=tree, by=by, height_m=7)
    services.update_tree(tree=tree, by=by, height_m=8)

    with pytest.raises(services.HistoryConflict, match="changed again in version 3"):
        services.revert_tree_change(change=TreeChange.objects.get(tree=tree, version=2), by=by)


def test_withdrawing_a_tree_keeps_its_row_and_logs_the_change(city, by):
    tree = make_tree(by=by)

    withdrawn = services.withdraw_tree(tree=tree, by=by)

    assert withdrawn.status == TreeStatus.WITHDRAWN
    assert TreeChange.objects.get(tree=tree, version=2).changes == {"status": ["alive", "withdrawn"]}
