"""Staff triage in the admin: the queue of one's areas, the status history,
appending the next status change, and on-site checks, all through the
report services."""
import pytest
from django.urls import reverse

from tests import factories
from tests.factories import east_point, make_tree, west_point
from trees.models import AdministrativeArea, CitizenReport, ReportStatus, StaffArea, TreeStatus
from trees.services.reports import change_report_status

XSS = "<script>window.__xss=1</script><b>bold</b>"

pytestmark = pytest.mark.urls("tests.trees.reports.admin_urls")


@pytest.fixture
def west_moderator(city):
    user = factories.make_user("west-moderator", role="moderator", is_staff=True)
    StaffArea.objects.create(user=user, area=AdministrativeArea.objects.get(municipality=city, code="west"))
    return user


@pytest.fixture
def staff_client(client, west_moderator):
    client.force_login(west_moderator)
    return client


def _change_url(report):
    return reverse("admin:trees_queuedreport_change", args=[report.pk])


def _status_form(report, **fields):
    """The change form as a browser posts it: management forms of both
    inlines and the one status-change form."""
    data = {"status_events-TOTAL_FORMS": "0", "status_events-INITIAL_FORMS": "0",
            "status_events-2-TOTAL_FORMS": "1", "status_events-2-INITIAL_FORMS": "0",
            "status_events-2-MIN_NUM_FORMS": "0", "status_events-2-MAX_NUM_FORMS": "1", "_continue": "1"}
    data.update({f"status_events-2-0-{name}": value for name, value in fields.items()})
    return data


def test_queue_lists_the_open_reports_of_the_moderators_area(staff_client, file_at, by):
    west = file_at(west_point(), description="West elm split")
    file_at(east_point(), description="East poplar leaning")
    closed = file_at(west_point(dx=0.001), description="Closed one")
    change_report_status(report=closed, status="rejected", reason="spam", by=by)

    page = staff_client.get(reverse("admin:trees_queuedreport_changelist")).content.decode()

    assert west.tracking_code in page
    assert closed.tracking_code not in page  # closed: shown under state=closed
    assert "East poplar" not in page and CitizenReport.objects.count() == 3
    closed_page = staff_client.get(reverse("admin:trees_queuedreport_changelist"), {"state": "closed"})
    assert closed.tracking_code in closed_page.content.decode()


def test_report_page_shows_contact_to_staff_and_markup_as_text(staff_client, file_at):
    report = file_at(description=XSS, contact="aigul@example.org")

    page = staff_client.get(_change_url(report)).content.decode()

    assert "aigul@example.org" in page
    assert "<script>window.__xss" not in page
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page


def test_moderator_confirms_a_report_through_the_form(staff_client, file_at, west_moderator):
    report = file_at()

    response = staff_client.post(_change_url(report), _status_form(report, status="confirmed",
                                                                   comment="A crew is on its way."))

    assert response.status_code == 302, response.content.decode()[-3000:]
    report.refresh_from_db()
    event = report.status_events.latest("id")
    assert (report.status, event.comment, event.recorded_by, event.channel) == (
        "confirmed", "A crew is on its way.", west_moderator, "admin")
    history = staff_client.get(_change_url(report)).content.decode()
    assert "A crew is on its way." in history


def test_a_change_the_workflow_refuses_is_explained_and_not_written(staff_client, file_at):
    report = file_at()

    response = staff_client.post(_change_url(report), _status_form(report, status="resolved"))

    assert response.status_code == 200
    assert "a received report cannot become resolved" in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.status_events.count()) == (ReportStatus.RECEIVED, 1)


def test_rejection_without_reason_is_explained_on_the_reason_field(staff_client, file_at):
    report = file_at()

    response = staff_client.post(_change_url(report), _status_form(report, status="rejected"))

    assert response.status_code == 200
    assert "say why the report is rejected" in response.content.decode()
    assert CitizenReport.objects.get().status == "received"


def test_on_site_check_action_marks_the_felled_tree(staff_client, file_at, by):
    tree = make_tree(west_point(), by=by)
    report = file_at(category="felled")
    change_report_status(report=report, status="confirmed", by=by)

    response = staff_client.post(reverse("admin:trees_queuedreport_changelist"),
                                 {"action": "found_felled", "_selected_action": [report.pk]}, follow=True)

    tree.refresh_from_db()
    report.refresh_from_db()
    assert (tree.status, report.status) == (TreeStatus.REMOVED, "resolved")
    assert "1 report(s) checked" in response.content.decode()


def test_queue_offers_no_adding_or_deleting(staff_client, file_at):
    report = file_at()

    assert staff_client.get(reverse("admin:trees_queuedreport_add")).status_code == 403
    assert staff_client.post(reverse("admin:trees_queuedreport_delete", args=[report.pk])).status_code == 403
    assert CitizenReport.objects.count() == 1
