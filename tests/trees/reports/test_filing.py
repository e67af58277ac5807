"""Filing a report: snapping to a tree, routing, validation, tracking codes."""
import datetime

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from tests import factories
from tests.factories import east_point, make_tree, west_point
from trees import services
from trees.models import AdministrativeArea, AdministrativeLevel, CitizenReport, ReportStatus
from trees.services.errors import InvalidValue, OutsideMunicipality
from trees.services.reports import TRACKING_ALPHABET, file_report

METRE = 1 / 111_320  # degrees of latitude


def test_report_next_to_trees_is_attached_to_the_nearest_one(file_at, by):
    farther = make_tree(west_point(dy=8 * METRE), by=by)
    nearer = make_tree(west_point(dy=-3 * METRE), by=by)

    report = file_at(west_point())

    assert report.tree == nearer
    assert report.tree != farther


def test_report_where_the_inventory_has_no_tree_stays_a_point(file_at, by):
    make_tree(west_point(dy=30 * METRE), by=by)

    report = file_at(west_point())

    assert report.tree is None
    assert report.location.equals_exact(west_point(), 1e-9)


def test_snapping_distance_is_a_setting_in_metres(file_at, by, settings):
    tree = make_tree(west_point(dy=25 * METRE), by=by)
    settings.GREENMAP = {**settings.GREENMAP, "REPORT_SNAP_DISTANCE_M": 30}

    assert file_at(west_point()).tree == tree


def test_felled_and_withdrawn_trees_are_not_snapped_to(file_at, by):
    felled = make_tree(west_point(dy=2 * METRE), by=by)
    services.log_maintenance(tree=felled, by=by, kind="felling")
    withdrawn = make_tree(west_point(dy=-2 * METRE), by=by)
    services.withdraw_tree(tree=withdrawn, by=by)

    assert file_at(west_point()).tree is None


def test_report_about_a_chosen_tree_keeps_that_tree(file_at, by):
    chosen = make_tree(west_point(dy=9 * METRE), by=by)
    make_tree(west_point(dy=1 * METRE), by=by)

    assert file_at(west_point(), tree=chosen).tree == chosen
    assert file_at(west_point(), tree=chosen.pk).tree == chosen


def test_unknown_or_foreign_tree_is_refused_naming_the_tree(file_at, by):
    elsewhere = factories.make_city("othertown", centre=(75.0, 42.5))
    foreign = make_tree(Point(75.0, 42.5, srid=4326), by=by)
    assert foreign.municipality == elsewhere

    with pytest.raises(InvalidValue, match="no tree") as unknown:
        file_at(tree=987654)
    with pytest.raises(InvalidValue, match="another municipality") as other:
        file_at(tree=foreign)

    assert unknown.value.field == other.value.field == "tree"
    assert not CitizenReport.objects.exists()


def test_report_is_routed_to_its_district_and_council_area(file_at, city):
    west = AdministrativeArea.objects.get(municipality=city, code="west")
    council = AdministrativeArea.objects.create(
        municipality=city, level=AdministrativeLevel.COUNCIL_AREA, parent=west, code="west-1", name_ru="w1",
        name_ky="w1", name_en="West 1", boundary=MultiPolygon(Polygon.from_bbox((74.55, 42.82, 74.60, 42.87)),
                                                              srid=4326))

    in_council = file_at(west_point(dy=-0.01))
    east = file_at(east_point())

    assert (in_council.district, in_council.council_area) == (west, council)
    assert (east.district.code, east.council_area) == ("east", None)


def test_point_in_another_srid_is_stored_in_wgs84(file_at):
    utm = west_point().transform(32643, clone=True)

    report = file_at(utm)

    assert report.location.srid == 4326
    assert report.location.distance(west_point()) < 1e-7


def test_point_outside_every_municipality_is_refused_naming_the_location(city):
    with pytest.raises(OutsideMunicipality) as error:
        file_report(location=Point(10.0, 50.0, srid=4326), category="damaged")

    assert error.value.field == "location"
    assert not CitizenReport.objects.exists()


@pytest.mark.parametrize("fields, field, message", [
    ({"category": "ufo"}, "category", "unknown category 'ufo'"),
    ({"description": "x" * 4001}, "description", "4001 characters is too long; at most 4000"),
    ({"contact": "y" * 201}, "contact", "at most 200"),
    ({"address": "z" * 301}, "address", "at most 300"),
    ({"channel": "fax"}, "channel", "unknown channel"),
    ({"idempotency_key": "short"}, "idempotency_key", "8 to 64"),
    ({"idempotency_key": "has spaces in it"}, "idempotency_key", "8 to 64"),
    ({"description": 42}, "description", "expected text"),
    ({"external_photo_url": "file:///etc/passwd"}, "media_url", "http"),
])
def test_bad_input_is_refused_naming_the_field(file_at, fields, field, message):
    with pytest.raises(InvalidValue, match=message) as error:
        file_at(**fields)

    assert error.value.field == field
    assert not CitizenReport.objects.exists()


def test_location_that_is_not_a_point_is_refused(city):
    with pytest.raises(InvalidValue) as error:
        file_report(location="74.6,42.87", category="damaged")

    assert error.value.field == "location"


def test_markup_is_kept_as_typed_and_control_characters_are_dropped(file_at):
    report = file_at(description="  <script>alert(1)</script>\x00 tree\r\nleans\x07  ")

    assert report.description == "<script>alert(1)</script> tree\nleans"


def test_received_report_has_a_tracking_code_and_a_receipt_event(file_at):
    report = file_at(contact="+996 555 123 456", channel="open311")

    code = report.tracking_code
    assert code.startswith("GB") and len(code) == 10 and set(code[2:]) <= set(TRACKING_ALPHABET)
    receipt = report.status_events.get()
    assert (receipt.status, receipt.previous_status, receipt.channel) == (ReportStatus.RECEIVED, "", "api")
    assert report.status == ReportStatus.RECEIVED
    assert isinstance(report.updated_at, datetime.datetime)
    assert report.channel == "open311"


def test_tracking_codes_differ_between_reports(file_at):
    codes = {file_at(west_point(dx=i * 0.001)).tracking_code for i in range(20)}

    assert len(codes) == 20


def test_a_tracking_code_that_is_taken_is_replaced_by_a_new_one(file_at, monkeypatch):
    from trees.services import reports

    first = file_at()
    codes = iter([first.tracking_code, "GBZZZZ2345"])
    monkeypatch.setattr(reports, "_new_tracking_code", lambda: next(codes))

    second = file_at(west_point(dx=0.001))

    assert second.tracking_code == "GBZZZZ2345"
    assert CitizenReport.objects.count() == 2
