"""Personal data never reaches the public: reporters' contacts, users'
emails, crews' names. Staff see what their work needs."""
import pytest

from tests.factories import make_tree, west_point
from trees import services
from trees.models import RejectionReason, ReportStatus
from trees.services.report_status import change_report_status
from trees.services.reports import file_report

CONTACT = "+996 555 123 456, aigul@example.kg"


@pytest.fixture
def reports(city, moderator):
    """A report anyone may see and one rejected as spam."""
    def report(description):
        return file_report(location=west_point(), category="damaged", description=description, contact=CONTACT)
    public, spam = report("broken branch over the path"), report("buy cheap watches")
    change_report_status(report=spam, status=ReportStatus.REJECTED, reason=RejectionReason.SPAM,
                         by=services.Actor(user=moderator, channel="admin"))
    return public, spam


def test_public_reports_show_the_problem_not_the_reporter(reports, anonymous):
    body = anonymous.get("/api/v1/reports/").json()

    assert [f["id"] for f in body["features"]] == [reports[0].pk]
    properties = body["features"][0]["properties"]
    assert properties["description"] == "broken branch over the path" and properties["status"] == "received"
    assert "contact" not in properties and "tracking_code" not in properties


def test_staff_see_contacts_tracking_codes_and_spam(reports, moderator_client):
    features = moderator_client.get("/api/v1/reports/").json()["features"]

    assert {f["properties"]["tracking_code"] for f in features} == {r.tracking_code for r in reports}
    assert all(f["properties"]["contact"] == CONTACT for f in features)


def test_gardeners_without_staff_status_do_not_see_contacts(reports, gardener_client):
    features = gardener_client.get("/api/v1/reports/").json()["features"]

    assert all("contact" not in f["properties"] for f in features)


def test_no_public_response_carries_personal_data(reports, by, gardener, moderator, anonymous):
    tree = make_tree(by=by)
    services.record_condition(tree=tree, condition="poor", by=by)
    services.log_maintenance(tree=tree, kind="watering", performed_by="Aibek Osmonov", by=by)
    paths = ["trees/", f"trees/{tree.pk}/", f"trees/{tree.pk}/conditions/", f"trees/{tree.pk}/maintenance/",
             "conditions/", "maintenance/", "reports/", f"reports/{reports[0].pk}/", "green-areas/",
             "administrative-areas/", "species/"]

    bodies = [anonymous.get(f"/api/v1/{path}").content.decode() for path in paths]

    for personal in (gardener.email, moderator.email, "aigul@example.kg", "+996 555", "Aibek Osmonov",
                     gardener.username):
        assert not [path for path, body in zip(paths, bodies) if personal in body], personal


def test_a_report_rejected_as_spam_is_not_public(reports, anonymous):
    assert anonymous.get(f"/api/v1/reports/{reports[1].pk}/").status_code == 404


def test_a_report_rejected_as_a_duplicate_stays_public_with_its_status(reports, moderator, anonymous):
    twin = file_report(location=west_point(), category="damaged", description="same branch", contact=CONTACT)
    change_report_status(report=twin, status=ReportStatus.REJECTED, reason=RejectionReason.DUPLICATE,
                         duplicate_of=reports[0], by=services.Actor(user=moderator, channel="admin"))

    properties = anonymous.get(f"/api/v1/reports/{twin.pk}/").json()["properties"]

    assert properties["status"] == "rejected" and properties["duplicate_of"] == reports[0].pk
    assert "contact" not in properties
