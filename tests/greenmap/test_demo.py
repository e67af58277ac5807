import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from greenmap.demo.loader import load_demo
from trees.models import AdministrativeArea, CitizenReport, ConditionRecord, Municipality, Tree


@pytest.fixture
def demo(db):
    return load_demo(trees=2000, reports=40)


def test_demo_loads_a_city_with_districts_parks_trees_history_and_reports(demo):
    assert Municipality.objects.get().code == "bishkek"
    assert AdministrativeArea.objects.filter(level="district").count() == 4
    assert 1900 <= Tree.objects.count() <= 2100
    assert ConditionRecord.objects.count() > Tree.objects.count() * 0.9
    assert CitizenReport.objects.count() == 40


def test_every_demo_tree_lies_in_its_district_and_council_area(demo):
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT count(*) FROM trees_tree t
            LEFT JOIN trees_administrativearea d ON d.id = t.district_id
            LEFT JOIN trees_administrativearea c ON c.id = t.council_area_id
            WHERE d.id IS NULL OR c.id IS NULL OR NOT ST_Intersects(d.boundary, t.location)
               OR NOT ST_Intersects(c.boundary, t.location)""")
        assert cursor.fetchone()[0] == 0


def test_demo_current_condition_is_the_newest_record(demo):
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT count(*) FROM trees_tree t
            WHERE t.current_condition IS DISTINCT FROM (
                SELECT r.condition FROM trees_conditionrecord r WHERE r.tree_id = t.id
                ORDER BY r.observed_at DESC, r.id DESC LIMIT 1)""")
        assert cursor.fetchone()[0] == 0


def test_demo_reports_have_a_status_history_ending_in_their_status(demo):
    for report in CitizenReport.objects.all():
        events = list(report.status_events.order_by("recorded_at", "id").values_list("status", flat=True))
        assert events[0] == "received" and events[-1] == report.status


def test_demo_rows_are_marked_as_generated(demo):
    assert set(Tree.objects.values_list("created_via", flat=True).distinct()) == {"demo"}
    assert "демо" in Municipality.objects.get().name_ru


def test_command_refuses_to_load_over_an_existing_inventory(demo):
    with pytest.raises(CommandError, match="not empty"):
        call_command("load_demo", trees=500)


def test_command_replaces_a_demo_inventory(demo):
    call_command("load_demo", trees=500, reports=5, replace=True)

    assert Municipality.objects.count() == 1
    assert Tree.objects.count() < 700


def test_command_if_empty_leaves_existing_trees_alone(demo):
    before = Tree.objects.count()

    call_command("load_demo", trees=500, if_empty=True)

    assert Tree.objects.count() == before


def test_demo_accounts_can_sign_in(demo, client):
    assert client.login(username="gardener", password="greenmap-demo")
