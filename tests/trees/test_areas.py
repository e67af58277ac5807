import pytest
from django.contrib.gis.geos import Point, Polygon

from tests.factories import CENTRE, make_tree
from trees import services


def metre_square(side_m=100.0) -> Polygon:
    """A square `side_m` metres wide at the test city's centre, built in UTM 43N."""
    centre = Point(*CENTRE, srid=4326).transform(32643, clone=True)
    x, y, h = centre.x, centre.y, side_m / 2
    return Polygon(((x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h), (x - h, y - h)), srid=32643)


def test_green_area_is_measured_in_square_metres(city, by):
    park = services.create_green_area(boundary=metre_square(100), kind="park", name_ru="Сквер", by=by)

    assert park.area_m2 == pytest.approx(10_000, rel=0.01)
    assert park.municipality == city


def test_tree_inside_a_park_is_placed_in_it(city, by):
    park = services.create_green_area(boundary=metre_square(100), kind="square", name_ru="Сквер", by=by)

    tree = make_tree(park.boundary.point_on_surface, by=by)

    assert tree.green_area == park


def test_unknown_kind_of_green_area_is_refused(city, by):
    with pytest.raises(services.InvalidValue) as error:
        services.create_green_area(boundary=metre_square(), kind="car park", name_ru="X", by=by)

    assert error.value.field == "kind"


def test_self_intersecting_shape_is_refused(city, by):
    x, y = CENTRE
    bowtie = Polygon(((x, y), (x + 0.01, y + 0.01), (x + 0.01, y), (x, y + 0.01), (x, y)), srid=4326)

    with pytest.raises(services.InvalidValue, match="not valid") as error:
        services.create_green_area(boundary=bowtie, kind="park", name_ru="X", by=by)

    assert error.value.field == "boundary"


def test_green_area_condition_history(city, by):
    park = services.create_green_area(boundary=metre_square(), kind="park", name_ru="Парк", by=by)

    services.record_condition(green_area=park, by=by, condition="fair")

    park.refresh_from_db()
    assert park.current_condition == "fair"
