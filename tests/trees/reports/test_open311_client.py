"""An Open311 client files and follows reports against a live server."""
import pytest
from django.utils import timezone

from tests import factories
from tests.trees.reports import photos
from tests.trees.reports.open311_client import Open311Client
from trees.models import CitizenReport, ReportCategory
from trees.services.reports import change_report_status

PIN = factories.west_point()
XSS = '<img src=x onerror="alert(document.cookie)"> branch <b>down</b>'


@pytest.fixture
def client311(live_server, transactional_db, media_root):
    factories.make_city()
    return Open311Client(f"{live_server.url}/open311/v2/")


def _file(client311, **extra):
    fields = {"service_code": "dangerous", "lat": str(PIN.y), "long": str(PIN.x), "description": XSS,
              "email": "resident@example.org", "first_name": "Aigul", "phone": "+996 555 000 111", **extra}
    return client311.create(fields, media=("tree.jpg", photos.jpeg_with_gps().read(), "image/jpeg"))


def test_client_lists_the_report_categories_as_services(client311):
    answer = client311.services()

    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("application/json")
    services = answer.json()
    assert [s["service_code"] for s in services] == ReportCategory.values
    assert all(s["type"] == "realtime" and s["metadata"] is False and s["service_name"] for s in services)
    xml = client311.services("xml").xml()
    assert xml.tag == "services"
    assert [s.findtext("service_code") for s in xml.findall("service")] == ReportCategory.values


def test_client_files_a_report_with_a_photo_and_reads_it_back(client311):
    created = _file(client311)

    assert created.status == 201, created.body
    [receipt] = created.json()
    code = receipt["service_request_id"]
    assert code in receipt["service_notice"]
    [request] = client311.request(code).json()
    assert request["service_request_id"] == code
    assert (request["status"], request["detailed_status"], request["service_code"]) == ("open", "RECEIVED",
                                                                                         "dangerous")
    assert (request["lat"], request["long"]) == (pytest.approx(PIN.y), pytest.approx(PIN.x))
    assert request["description"] == XSS  # data, returned as given; never markup in our pages
    assert request["agency_responsible"] == "West"
    assert request["requested_datetime"].endswith("+06:00")
    assert request["media_url"].startswith("http://") and request["media_url"].endswith(f"{code}.jpg")
    body = client311.request(code).body.decode()
    for private in ("resident@example.org", "Aigul", "555 000 111"):
        assert private not in body
    stored = CitizenReport.objects.get(tracking_code=code)
    assert stored.contact == "Aigul; resident@example.org; +996 555 000 111"
    assert stored.channel == "open311"


def test_client_sees_status_changes_and_comments(client311):
    code = _file(client311).json()[0]["service_request_id"]
    report = CitizenReport.objects.get(tracking_code=code)
    by = factories.actor(factories.make_user("moderator1", role="moderator"))
    change_report_status(report=report, status="confirmed", by=by, comment="Crew sent.")
    change_report_status(report=report, status="resolved", by=by, comment="Branch removed.")

    [request] = client311.request(code).json()

    assert (request["status"], request["detailed_status"]) == ("closed", "RESOLVED")
    assert request["status_notes"] == "Branch removed."
    report.refresh_from_db()
    assert request["updated_datetime"] == timezone.localtime(report.resolved_at).isoformat(timespec="seconds")


def test_client_filters_requests_by_service_status_and_date(client311):
    dangerous = _file(client311).json()[0]["service_request_id"]
    sick = client311.create({"service_code": "sick", "lat": PIN.y + 0.001, "long": PIN.x}).json()[0][
        "service_request_id"]

    def ids(**filters):
        return [r["service_request_id"] for r in client311.requests(**filters).json()]

    assert ids() == [sick, dangerous]
    assert ids(service_code="dangerous") == [dangerous]
    assert ids(service_code="sick,dangerous", status="open") == [sick, dangerous]
    assert ids(status="closed") == []
    assert ids(start_date="2100-01-01T00:00:00Z") == []
    assert ids(service_request_id=f"{dangerous},GBNOSUCHONE") == [dangerous]
    xml = client311.requests("xml", service_code="sick").xml()
    assert [r.findtext("service_request_id") for r in xml.findall("request")] == [sick]


def test_a_retried_post_with_the_same_idempotency_key_files_one_report(client311):
    fields = {"service_code": "felled", "lat": PIN.y, "long": PIN.x, "description": "cut at night"}

    first = client311.create(fields, idempotency_key="app-retry-000123")
    second = client311.create(fields, idempotency_key="app-retry-000123")

    assert first.status == second.status == 201
    assert first.json() == second.json()
    assert CitizenReport.objects.count() == 1


def test_client_gets_standard_errors_it_can_show(client311):
    missing = client311.create({"lat": PIN.y, "long": PIN.x})
    unknown = client311.request("GBNOSUCHONE")
    xml = client311.create({"service_code": "sick", "lat": "north", "long": PIN.x}, fmt="xml")

    assert missing.status == 400
    assert missing.json() == [{"code": 400, "description": "service_code: required; see services.json for the list"}]
    assert unknown.status == 404 and unknown.json()[0]["code"] == 404
    assert xml.status == 400
    error = xml.xml().find("error")
    assert (error.findtext("code"), error.findtext("description")) == ("400", "lat: 'north' is not a number")
    assert not CitizenReport.objects.exists()
