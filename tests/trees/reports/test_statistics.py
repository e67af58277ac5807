"""Accountability figures per district, computed in SQL."""
import datetime

import pytest
from django.utils import timezone

from tests.factories import east_point, make_tree, west_point
from trees import services
from trees.models import CitizenReport
from trees.services.reports import change_report_status
from trees.statistics import report_figures, tree_conditions, weekly_reports

NOW = timezone.now()
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def reports(file_at, by):
    """West: five reports this month (and one two months ago), East: one."""
    def report(point, received_ago, steps, confirm_after=None, close_after=None):
        report = file_at(point)
        for status, fields in steps:
            change_report_status(report=report, status=status, by=by, **fields)
        received = NOW - received_ago
        CitizenReport.objects.filter(pk=report.pk).update(
            received_at=received, acknowledged_at=confirm_after and received + confirm_after,
            resolved_at=close_after and received + close_after)
        return report

    confirm, resolve = ("confirmed", {}), ("resolved", {"comment": "done"})
    report(west_point(dx=0.001), 10 * DAY, [confirm, resolve], 2 * HOUR, 24 * HOUR)
    report(west_point(dx=0.002), 10 * DAY, [confirm, resolve], 4 * HOUR, 48 * HOUR)
    report(west_point(dx=0.003), 10 * DAY, [confirm, ("in_progress", {})], 10 * HOUR)
    report(west_point(dx=0.004), 10 * DAY, [("rejected", {"reason": "spam"})], 1 * HOUR, 1 * HOUR)
    report(west_point(dx=0.005), 10 * DAY, [])
    report(west_point(dx=0.006), 60 * DAY, [confirm, resolve], 1 * HOUR, 2 * HOUR)  # before the period
    report(east_point(), 5 * DAY, [confirm, ("unable_to_fix", {"comment": "private yard"})], 6 * HOUR, 30 * HOUR)


def _row(figures, code):
    return next(f for f in figures if (f.area.code if f.area else None) == code)


def test_report_figures_per_district_and_for_the_city(city, reports):
    figures = report_figures(municipality=city, level="district", start=NOW - 30 * DAY, end=NOW + HOUR)

    assert [f.area.code if f.area else None for f in figures] == ["east", "west", None]
    west, east, whole = _row(figures, "west"), _row(figures, "east"), _row(figures, None)
    assert (west.received, west.open, west.resolved, west.rejected, west.unable_to_fix) == (5, 2, 2, 1, 0)
    # Confirmed after 2, 4 and 10 hours (the spam rejection does not count):
    # median 4; 90th percentile interpolated 4 + 0.8 × (10 − 4) = 8.8.
    assert (west.confirm_median_hours, west.confirm_p90_hours) == (4.0, 8.8)
    # Resolved after 24 and 48 hours: median 36, p90 24 + 0.9 × 24 = 45.6.
    assert (west.resolve_median_hours, west.resolve_p90_hours) == (36.0, 45.6)
    assert (east.received, east.open, east.unable_to_fix, east.confirm_median_hours) == (1, 0, 1, 6.0)
    assert east.resolve_median_hours is None
    assert (whole.received, whole.open, whole.resolved) == (6, 2, 2)
    # 2, 4, 6, 10 hours: median 5, p90 6 + 0.7 × 4 = 8.8.
    assert (whole.confirm_median_hours, whole.confirm_p90_hours) == (5.0, 8.8)


def test_a_period_without_reports_has_zero_counts_and_no_times(city, reports):
    figures = report_figures(municipality=city, level="district", start=NOW - 400 * DAY, end=NOW - 300 * DAY)

    assert {(f.received, f.open, f.confirm_median_hours, f.resolve_p90_hours) for f in figures} == {(0, 0, None, None)}


def test_areas_of_another_level_are_listed_without_reports(city, reports):
    figures = report_figures(municipality=city, level="council_area", start=NOW - 30 * DAY, end=NOW + HOUR)

    assert [(f.area, f.received) for f in figures] == [(None, 6)]


def test_standing_trees_by_condition_per_district(city, by):
    for condition in ("good", "good", "poor"):
        services.record_condition(tree=make_tree(west_point(dx=0.001), by=by), by=by, condition=condition)
    make_tree(west_point(dx=0.002), by=by)
    felled = make_tree(west_point(dx=0.003), by=by)
    services.log_maintenance(tree=felled, by=by, kind="felling")
    services.record_condition(tree=make_tree(east_point(), by=by), by=by, condition="dead")

    conditions = tree_conditions(municipality=city, level="district")

    assert [(c.area.code if c.area else None, c.counts) for c in conditions] == [
        ("east", {"dead": 1}), ("west", {"good": 2, "poor": 1, "unassessed": 1}),
        (None, {"dead": 1, "good": 2, "poor": 1, "unassessed": 1})]
    assert conditions[-1].total == 5


def test_weekly_received_and_resolved(city, reports):
    weeks = weekly_reports(municipality=city, start=NOW - 30 * DAY, end=NOW + HOUR, time_zone="Asia/Bishkek")

    assert all(w.week_start.weekday() == 0 for w in weeks)
    assert 5 <= len(weeks) <= 6
    assert sum(w.received for w in weeks) == 6
    assert sum(w.resolved for w in weeks) == 2
