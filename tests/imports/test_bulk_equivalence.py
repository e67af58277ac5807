"""The set-based path (trees.services.bulk) and the per-row services leave
the inventory in the same state: same trees, places, versions, history."""
import datetime
import re

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import transaction
from django.utils import timezone

from imports.undo import undo_batch
from tests.factories import CENTRE, elm, make_tree, west_point
from tests.imports import surveys
from trees import services
from trees.models import AdministrativeArea, ConditionRecord, Tree, TreeChange


@pytest.fixture
def places(city, by):
    """A council area and a park inside the west district, so that every
    place a tree can get is exercised."""
    x, y = CENTRE
    AdministrativeArea.objects.create(municipality=city, level="council_area", code="w-1", name_ru="w-1", name_ky="w-1",
                                      name_en="W-1", boundary=MultiPolygon(Polygon.from_bbox((x - 0.05, y - 0.05, x, y)),
                                                                           srid=4326))
    services.create_green_area(boundary=Polygon.from_bbox((x - 0.03, y - 0.01, x - 0.01, y + 0.01)), kind="park",
                               name_ru="Парк", by=by)


def key(point) -> tuple:
    return round(point.x, 7), round(point.y, 7)


def snapshot():
    """The inventory without ids, timestamps and batch numbers, which differ between runs."""
    trees = {t.pk: key(t.location) for t in Tree.objects.all()}
    return {
        "trees": sorted((key(t.location), t.species_id, t.status, t.planted_year, t.trunk_diameter_cm, t.height_m,
                         t.crown_diameter_m, t.address, str(t.external_ids), t.municipality_id, t.district_id,
                         t.council_area_id, t.green_area_id, t.current_condition, t.current_condition_at, t.version,
                         t.created_via, t.updated_via) for t in Tree.objects.all()),
        "changes": sorted((trees[c.tree_id], c.version, _numbers(c.changes), c.channel) for c in TreeChange.objects.all()),
        "records": sorted(((trees[r.tree_id], r.observed_at, r.condition, tuple(r.defects),
                            re.sub(r"#\d+", "#N", r.notes), r.source,
                           r.retracts, r.corrects.observed_at if r.corrects else None, r.channel)
                           for r in ConditionRecord.objects.select_related("corrects")), key=repr),
    }


def _numbers(changes: dict) -> str:
    # JSON written by SQL says 8 where Python says 8.0: the same number.
    def plain(value):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value
    return str(plain(changes))


def outcome(steps, use_bulk):
    """Run `steps(use_bulk)` and return the inventory it leaves, then roll it back."""
    with transaction.atomic():
        point = transaction.savepoint()
        report = steps(use_bulk)
        state = snapshot()
        transaction.savepoint_rollback(point)
    return report, state


def test_both_paths_give_the_same_trees_history_and_reports(places, by, volunteer, write_csv):
    known = make_tree(west_point(), by=by, species=elm(), height_m=6, trunk_diameter_cm=25)
    make_tree(west_point(dy=0.004), by=by, species=elm())
    make_tree(west_point(dy=0.004 + 0.00002), by=by, species=elm())
    x, y = CENTRE
    path = write_csv([
        surveys.row("new-in-park", (x - 0.02, y + 0.001), condition="fair"),
        surveys.row("new-dead", (x + 0.02, y - 0.01), condition="dead"),
        surveys.row("new-no-condition", (x + 0.03, y - 0.01), condition="", date=""),
        surveys.row("known", (known.location.x, known.location.y), height="7", diameter="25", condition="poor"),
        surveys.row("held", (x - 0.02, y + 0.004 + 0.00001)),
        surveys.row("outside", (75.5, 42.5)),
        [*surveys.row("new-with-address", (x - 0.04, y - 0.04), condition="critical"), "ул. Киевская 1; дупло"],
    ], header=surveys.HEADER + ["address"])

    def steps(use_bulk):
        batch = surveys.run(path, user=volunteer, use_bulk=use_bulk)
        rows = [(r.row_number, r.action, r.messages) for r in surveys.report(batch).values()]
        return (batch.trees_created, batch.trees_updated, batch.rows_held, batch.condition_records), rows

    per_row, per_row_state = outcome(steps, use_bulk=False)
    in_bulk, bulk_state = outcome(steps, use_bulk=True)

    assert per_row == in_bulk
    assert per_row[0] == (4, 1, 1, 4)
    assert per_row_state == bulk_state
    places_seen = {(t[10], t[11], t[12]) for t in bulk_state["trees"]}
    assert any(all(p is not None for p in seen) for seen in places_seen)


def test_both_undo_paths_give_the_same_result(places, by, volunteer, write_csv):
    known = make_tree(west_point(), by=by, species=elm(), height_m=6, trunk_diameter_cm=25)
    path = write_csv([surveys.row("known", (known.location.x, known.location.y), height="7", diameter="25",
                                  condition="dead"),
                      surveys.row("new", surveys.east(), condition="good"),
                      surveys.row("worked", surveys.east(0.001), condition="good")])

    def steps(use_bulk):
        batch = surveys.run(path, user=volunteer, use_bulk=use_bulk)
        worked = Tree.objects.get(external_ids__survey_id="worked")
        services.record_condition(by=by, tree=worked, condition="poor",
                                  observed_at=timezone.make_aware(datetime.datetime(2024, 9, 1)))
        batch = undo_batch(batch=batch, user=volunteer, use_bulk=use_bulk)
        report = batch.undo_report
        return ({k: v for k, v in report.items() if k != "conflicts"},
                [key(Tree.objects.get(pk=c["tree"]).location) for c in report["conflicts"]])

    per_row, per_row_state = outcome(steps, use_bulk=False)
    in_bulk, bulk_state = outcome(steps, use_bulk=True)

    assert per_row == in_bulk
    assert per_row[0] == {"records_retracted": 3, "changes_reverted": 2, "trees_withdrawn": 1}
    assert per_row_state == bulk_state
