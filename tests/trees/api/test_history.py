"""Condition records and maintenance events through the API."""
import pytest
from django.utils import timezone

from tests.factories import east_point, make_tree, square, west_point
from trees import services
from trees.models import ConditionRecord, MaintenanceEvent, TreeStatus


def test_gardener_records_a_condition_and_the_tree_shows_it(city, by, gardener, gardener_client, anonymous):
    tree = make_tree(by=by)

    response = gardener_client.post(f"/api/v1/trees/{tree.pk}/conditions/",
                                     {"condition": "critical", "defects": ["lean", "cavity"], "notes": "leans over"},
                                     format="json")

    assert response.status_code == 201, response.content
    record = ConditionRecord.objects.get(pk=response.json()["id"])
    assert response["Location"] == f"http://testserver/api/v1/conditions/{record.pk}/"
    assert (record.recorded_by, record.channel, record.defects) == (gardener, "api", ["lean", "cavity"])
    detail = anonymous.get(f"/api/v1/trees/{tree.pk}/").json()["properties"]
    assert detail["current_condition"] == "critical" and detail["newest_condition"]["id"] == record.pk


def test_logging_felling_marks_the_tree_removed_and_keeps_it(city, by, gardener_client, anonymous):
    tree = make_tree(by=by)

    response = gardener_client.post(f"/api/v1/trees/{tree.pk}/maintenance/",
                                    {"kind": "felling", "contractor": "Bishkekzelenkhoz"}, format="json")

    assert response.status_code == 201
    assert anonymous.get(f"/api/v1/trees/{tree.pk}/").json()["properties"]["status"] == TreeStatus.REMOVED
    logged = anonymous.get(f"/api/v1/trees/{tree.pk}/maintenance/").json()["features"]
    assert [(f["properties"]["kind"], f["properties"]["contractor"]) for f in logged] == [
        ("felling", "Bishkekzelenkhoz")]


@pytest.mark.parametrize("path, body, field, says", [
    ("conditions", {"condition": "splendid"}, "condition", '"splendid" is not a valid choice'),
    ("conditions", {"condition": "good", "defects": ["ghosts"]}, "defects", '"ghosts" is not a valid choice'),
    ("conditions", {"condition": "good", "observed_at": "2999-01-01T00:00:00Z"}, "observed_at", "in the future"),
    ("conditions", {"condition": "good", "observed_at": "last week"}, "observed_at", "Datetime has wrong format"),
    ("conditions", {"condition": "good", "source": "correction"}, "source", "corrections are not recorded"),
    ("conditions", {}, "condition", "This field is required."),
    ("maintenance", {"kind": "painting"}, "kind", '"painting" is not a valid choice'),
    ("maintenance", {"kind": "watering", "performed_at": "2999-01-01T00:00:00Z"}, "performed_at", "in the future"),
    ("maintenance", {"kind": "watering", "tree": 5}, "tree", "unknown field"),
])
def test_bad_history_record_is_a_400_naming_the_field_and_writes_nothing(city, by, gardener_client, path, body, field,
                                                                         says):
    tree = make_tree(by=by)

    response = gardener_client.post(f"/api/v1/trees/{tree.pk}/{path}/", body, format="json")

    assert response.status_code == 400, response.content
    assert says in str(response.json()[field])
    assert not ConditionRecord.objects.exists() and not MaintenanceEvent.objects.exists()


def test_history_of_an_unknown_tree_is_a_404(city, gardener_client):
    assert gardener_client.get("/api/v1/trees/999999/conditions/").status_code == 404
    assert gardener_client.post("/api/v1/trees/999999/conditions/", {"condition": "good"},
                                format="json").status_code == 404


def test_crew_names_are_shown_to_staff_only(city, by, anonymous, gardener_client, moderator_client):
    tree = make_tree(by=by)
    services.log_maintenance(tree=tree, kind="watering", performed_by="Aibek Osmonov", by=by)

    public = anonymous.get("/api/v1/maintenance/").json()["features"][0]["properties"]
    gardener_view = gardener_client.get("/api/v1/maintenance/").json()["features"][0]["properties"]
    staff = moderator_client.get("/api/v1/maintenance/").json()["features"][0]["properties"]

    assert "performed_by" not in public and "performed_by" not in gardener_view
    assert staff["performed_by"] == "Aibek Osmonov"


def test_history_of_withdrawn_trees_is_left_out_of_public_lists(city, by, anonymous):
    kept = make_tree(west_point(), by=by)
    withdrawn = make_tree(east_point(), by=by)
    services.record_condition(tree=kept, condition="good", by=by)
    services.record_condition(tree=withdrawn, condition="poor", by=by)
    services.withdraw_tree(tree=withdrawn, by=by)

    listed = anonymous.get("/api/v1/conditions/").json()["features"]

    assert [f["properties"]["tree"] for f in listed] == [kept.pk]
    assert anonymous.get(f"/api/v1/trees/{withdrawn.pk}/conditions/").status_code == 404


def test_history_lists_filter_by_subject_kind_and_time(city, by, anonymous):
    tree, other = make_tree(west_point(), by=by), make_tree(east_point(), by=by)
    month_ago = timezone.now() - timezone.timedelta(days=30)
    services.log_maintenance(tree=tree, kind="watering", performed_at=month_ago, by=by)
    recent = services.log_maintenance(tree=tree, kind="mulching", by=by)
    services.log_maintenance(tree=other, kind="watering", by=by)

    def ids(query):
        return [f["id"] for f in anonymous.get(f"/api/v1/maintenance/?{query}").json()["features"]]

    week_ago = (timezone.now() - timezone.timedelta(days=7)).date().isoformat()
    assert len(ids(f"tree={tree.pk}")) == 2
    assert ids(f"tree={tree.pk}&performed_since={week_ago}") == [recent.pk]
    assert ids(f"tree={tree.pk}&kind=mulching") == [recent.pk]
    assert anonymous.get("/api/v1/maintenance/?tree=999999").json() == {"tree": ["unknown tree 999999"]}


def test_green_areas_have_a_history_too(city, by, gardener_client):
    area = services.create_green_area(boundary=square(74.58, 42.87, 0.002), kind="park", name_ru="Парк", by=by)

    response = gardener_client.post(f"/api/v1/green-areas/{area.pk}/conditions/", {"condition": "fair"},
                                    format="json")

    assert response.status_code == 201
    feature = response.json()
    assert feature["properties"]["green_area"] == area.pk and feature["geometry"]["type"] == "Point"
    area.refresh_from_db()
    assert area.current_condition == "fair"
