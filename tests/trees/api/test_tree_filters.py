"""Filtering, ordering and refusing bad filter values on /trees/."""
import pytest
from django.utils import timezone

from tests.factories import CENTRE, east_point, elm, make_tree, west_point
from trees import services
from trees.models import AdministrativeArea, Species, Tree


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [feature["id"] for feature in response.json()["features"]]


def test_bbox_keeps_trees_inside_the_box(city, by, anonymous):
    west, east = make_tree(west_point(), by=by), make_tree(east_point(), by=by)

    inside = anonymous.get(f"/api/v1/trees/?bbox={CENTRE[0] - 0.03},{CENTRE[1] - 0.01},{CENTRE[0]},{CENTRE[1] + 0.01}")

    assert ids(inside) == [west.pk]
    assert east.pk not in ids(inside)


def test_distance_from_a_point_is_measured_in_metres(city, by, anonymous):
    # 0.001 degree of latitude is about 111 m.
    near = make_tree(west_point(), by=by)
    make_tree(west_point(dy=0.001), by=by)
    point = f"{west_point().x},{west_point().y}"

    assert ids(anonymous.get(f"/api/v1/trees/?near={point}&distance_m=100")) == [near.pk]
    assert len(ids(anonymous.get(f"/api/v1/trees/?near={point}&distance_m=120"))) == 2


def test_district_species_status_and_condition_filters(city, by, anonymous):
    elm_west = make_tree(west_point(), by=by, species=elm())
    apricot_east = make_tree(east_point(), by=by, species=Species.objects.get(scientific_name="Prunus armeniaca"))
    dead = make_tree(west_point(dx=0.001), by=by, status="dead")
    services.record_condition(tree=apricot_east, condition="critical", by=by)
    east_district = AdministrativeArea.objects.get(code="east")

    assert ids(anonymous.get(f"/api/v1/trees/?district={east_district.pk}")) == [apricot_east.pk]
    assert ids(anonymous.get(f"/api/v1/trees/?species={elm().pk}")) == [elm_west.pk]
    assert ids(anonymous.get("/api/v1/trees/?status=dead")) == [dead.pk]
    assert ids(anonymous.get("/api/v1/trees/?status=dead&status=alive")) == [elm_west.pk, apricot_east.pk, dead.pk]
    assert ids(anonymous.get("/api/v1/trees/?condition=critical")) == [apricot_east.pk]
    assert ids(anonymous.get("/api/v1/trees/?municipality=testgrad&status=alive")) == [elm_west.pk, apricot_east.pk]


def test_planted_year_range_and_updated_since(city, by, anonymous):
    old = make_tree(by=by, planted_year=1960)
    middle = make_tree(by=by, planted_year=1990)
    young = make_tree(by=by, planted_year=2020)
    Tree.objects.filter(pk__in=[old.pk, middle.pk]).update(updated_at=timezone.now() - timezone.timedelta(days=10))

    assert ids(anonymous.get("/api/v1/trees/?planted_year_min=1980&planted_year_max=2000")) == [middle.pk]
    assert ids(anonymous.get("/api/v1/trees/?planted_year_min=1990")) == [middle.pk, young.pk]
    since = (timezone.now() - timezone.timedelta(days=1)).isoformat()
    assert ids(anonymous.get("/api/v1/trees/", {"updated_since": since})) == [young.pk]


def test_ordering_by_height_breaks_ties_by_id(city, by, anonymous):
    short = make_tree(by=by, height_m=3)
    tall_a = make_tree(by=by, height_m=12)
    tall_b = make_tree(by=by, height_m=12)

    assert ids(anonymous.get("/api/v1/trees/?ordering=-height_m")) == [tall_a.pk, tall_b.pk, short.pk]
    assert ids(anonymous.get("/api/v1/trees/?ordering=height_m")) == [short.pk, tall_a.pk, tall_b.pk]


@pytest.mark.parametrize("query, parameter, says", [
    ("species=999999", "species", "unknown species 999999"),
    ("district=999999", "district", "unknown district 999999"),
    ("municipality=atlantis", "municipality", "unknown municipality atlantis"),
    ("status=sleeping", "status", "sleeping"),
    ("condition=splendid", "condition", "splendid"),
    ("ordering=colour", "ordering", "colour"),
    ("planted_year_min=old", "planted_year_min", "whole number"),
    ("planted_year_min=2000&planted_year_max=1990", "planted_year_min", "after planted_year_max"),
    ("updated_since=yesterday", "updated_since", "date/time"),
    ("bbox=74.5,42.8,74.6", "bbox", "4 comma-separated numbers"),
    ("bbox=74.6,42.8,74.5,42.9", "bbox", "west < east"),
    ("bbox=74.5,42.8,200,42.9", "bbox", "longitude 200.0 is outside"),
    ("bbox=74.5,nan,74.6,42.9", "bbox", "4 comma-separated numbers"),
    ("bbox=70,40,80,45", "bbox", "more than the 2,500 km² allowed"),
    ("near=74.6,42.87", "distance_m", "go together"),
    ("distance_m=50", "near", "go together"),
    ("near=74.6,95&distance_m=50", "near", "latitude 95.0 is outside"),
    ("near=74.6,42.87&distance_m=50000", "distance_m", "less than or equal to 10000"),
    ("speceis=3", "speceis", "unknown query parameter"),
    ("page_size=10001", "page_size", "more than the maximum of 10000"),
    ("page=0", "page", "at least 1"),
    ("page=two", "page", "whole number"),
])
def test_bad_filter_values_are_a_400_naming_the_parameter(city, anonymous, query, parameter, says):
    response = anonymous.get(f"/api/v1/trees/?{query}")

    assert response.status_code == 400, response.content
    messages = response.json()[parameter]
    assert any(says in message for message in messages), messages


def test_a_percent_sign_in_a_bad_value_is_quoted_back_not_interpreted(city, anonymous):
    response = anonymous.get("/api/v1/trees/", {"bbox": "74.5,%P,%s,%(x)s"})

    assert response.status_code == 400
    assert response.json()["bbox"] == ["'74.5,%P,%s,%(x)s' is not 4 comma-separated numbers such as "
                                       "74.58,42.86,74.62,42.88 (west,south,east,north)"]
