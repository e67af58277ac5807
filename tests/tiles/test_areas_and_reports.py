"""The areas and reports layers, decoded as a map client reads them."""
import math

import pytest
from django.contrib.gis.geos import Point, Polygon

from tests import factories
from tests.tiles.decoding import by_id, features, tile_of
from trees import services
from trees.services.reports import file_report
from trees.services.report_status import change_report_status

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _round_park(centre: Point, radius_degrees: float, vertices: int) -> Polygon:
    ring = [(centre.x + radius_degrees * math.cos(2 * math.pi * i / vertices),
             centre.y + radius_degrees * 0.75 * math.sin(2 * math.pi * i / vertices)) for i in range(vertices)]
    return Polygon(ring + ring[:1], srid=4326)


@pytest.fixture
def park(city, by):
    outline = _round_park(factories.west_point(dy=0.002), 0.003, 720)  # 490 m across, inside one z15 tile
    return services.create_green_area(boundary=outline, kind="park", name_ru="Дубовый парк",
                                      name_ky="Эмен паркы", name_en="Oak Park", by=by)


def _vertices(feature) -> int:
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return sum(len(ring) for polygon in polygons for ring in polygon)


def test_areas_tile_carries_each_area_with_its_names_and_kind(client, park):
    [area] = features(client, "areas", tile_of(park.boundary.centroid, 15))

    assert area["properties"] == {"id": park.pk, "name_ru": "Дубовый парк", "name_ky": "Эмен паркы",
                                  "name_en": "Oak Park", "kind": "park"}
    assert area["id"] == park.pk
    assert area["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_outlines_are_simpler_farther_out(client, park):
    near = features(client, "areas", tile_of(park.boundary.centroid, 15))[0]
    far = features(client, "areas", tile_of(park.boundary.centroid, 10))[0]

    assert _vertices(far) * 3 < _vertices(near) < 200


@pytest.fixture
def reports(city, by):
    first = file_report(location=factories.west_point(), category="dangerous",
                        description="Ветка над дорогой", contact="+996 555 000 111")
    closed = file_report(location=factories.west_point(dx=0.0003), category="sick", contact="me@example.org")
    change_report_status(report=closed, status="confirmed", by=by)
    change_report_status(report=closed, status="resolved", by=by, comment="Treated against pests")
    return first, closed


def test_reports_tile_shows_open_reports_without_personal_data(client, reports):
    first, closed = reports

    found = by_id(features(client, "reports", tile_of(first.location, 16)))

    assert list(found) == [first.pk]
    assert found[first.pk]["properties"] == {"id": first.pk, "category": "dangerous", "status": "received",
                                             "tracking_code": first.tracking_code}


def test_a_report_closed_after_the_tile_was_fetched_leaves_it(client, reports, by):
    first, _ = reports
    tile = tile_of(first.location, 16)
    assert first.pk in by_id(features(client, "reports", tile))

    change_report_status(report=first, status="rejected", by=by, reason="not_responsible")

    assert features(client, "reports", tile) == []
