"""What the public sees of a report, and which reports a staff member's
queue holds."""
import dataclasses

from tests import factories
from tests.factories import east_point, west_point
from tests.trees.reports import photos
from trees.models import AdministrativeArea, StaffArea
from trees.report_selectors import public_report, public_reports, report_queue
from trees.services.reports import change_report_status


def test_resident_follows_the_report_by_its_code_without_seeing_any_contact(file_at, by):
    report = file_at(description="Bark torn off", contact="aigul@example.org", photo=photos.jpeg_with_gps())
    change_report_status(report=report, status="confirmed", by=by, comment="A crew will come this week.")

    public = public_report(f"  {report.tracking_code.lower()} ")

    assert public.tracking_code == report.tracking_code
    assert (public.status, public.description, public.district.code) == ("confirmed", "Bark torn off", "west")
    assert [(e.status, e.comment) for e in public.events] == [("received", ""),
                                                              ("confirmed", "A crew will come this week.")]
    assert public.photo_url.endswith(f"{report.tracking_code}.jpg")
    everything = repr(dataclasses.asdict(public))
    assert "aigul@example.org" not in everything
    assert "gardener1" not in everything  # staff stay unnamed in public


def test_unknown_or_absurd_codes_find_nothing(file_at):
    file_at()

    assert public_report("GBNOTACODE") is None
    assert public_report("") is None
    assert public_report("x" * 5000) is None
    assert public_report("GB\x00<script>") is None


def test_reports_rejected_as_spam_keep_their_status_but_not_their_content(file_at, by):
    spam = file_at(description="BUY CHEAP <a href=http://spam.example>pills</a>", photo=photos.jpeg_with_gps())
    change_report_status(report=spam, status="rejected", reason="spam", by=by)
    fine = file_at(west_point(dx=0.001), description="Broken branch")

    public = public_report(spam.tracking_code)

    assert (public.status, public.description, public.photo_url) == ("rejected", "", None)
    assert list(public_reports()) == [fine]


def test_public_list_carries_the_latest_public_comment(file_at, by):
    report = file_at()
    change_report_status(report=report, status="confirmed", by=by, comment="Seen.")
    change_report_status(report=report, status="assigned", by=by)

    assert public_reports().get().latest_comment == "Seen."


def test_staff_queue_holds_the_open_reports_of_their_areas(file_at, by, city):
    west_report = file_at(west_point())
    east_report = file_at(east_point())
    closed = file_at(west_point(dx=0.001))
    change_report_status(report=closed, status="rejected", reason="not_responsible", by=by)
    west_gardener = factories.make_user("west-gardener", role="gardener")
    StaffArea.objects.create(user=west_gardener, area=AdministrativeArea.objects.get(municipality=city, code="west"))
    citywide = factories.make_user("city-moderator", role="moderator")

    assert list(report_queue(user=west_gardener)) == [west_report]
    assert list(report_queue(user=citywide)) == [west_report, east_report]
