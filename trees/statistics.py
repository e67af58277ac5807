"""How fast each district and council area answers residents, and the state
of its trees, computed in SQL. Selectors only: the statistics page and its
JSON API render them.

Report figures are about the reports *received* in the period: how many,
how many are still open, resolved, rejected, given up; how long the city
took to confirm them (received → acknowledged, rejected ones left out) and
to resolve them (received → resolved, for resolved ones), as median and
90th percentile in hours."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection

from trees.models import AdministrativeArea, AdministrativeLevel, Municipality, TreeStatus
from trees.models.report import OPEN_REPORT_STATUSES

UNASSESSED = "unassessed"
STANDING = (TreeStatus.ALIVE, TreeStatus.DEAD)


@dataclass(frozen=True)
class ReportFigures:
    """Report figures of one area, or of the whole municipality (area None)."""

    area: AdministrativeArea | None
    received: int
    open: int
    resolved: int
    rejected: int
    unable_to_fix: int
    confirm_median_hours: float | None
    confirm_p90_hours: float | None
    resolve_median_hours: float | None
    resolve_p90_hours: float | None


@dataclass(frozen=True)
class TreeConditions:
    """Standing trees of one area (or the municipality) by current condition;
    `counts` maps each condition class, and `unassessed`, to a number."""

    area: AdministrativeArea | None
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class WeekFigures:
    week_start: datetime.date
    received: int
    resolved: int


# percentile_cont over hours; FILTER keeps each figure to the reports it is about.
_FIGURES = """
    count(r.id) AS received,
    count(r.id) FILTER (WHERE r.status = ANY(%(open)s)) AS open,
    count(r.id) FILTER (WHERE r.status = 'resolved') AS resolved,
    count(r.id) FILTER (WHERE r.status = 'rejected') AS rejected,
    count(r.id) FILTER (WHERE r.status = 'unable_to_fix') AS unable_to_fix,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY r.confirm_hours) FILTER (WHERE r.confirm_hours IS NOT NULL),
    percentile_cont(0.9) WITHIN GROUP (ORDER BY r.confirm_hours) FILTER (WHERE r.confirm_hours IS NOT NULL),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY r.resolve_hours) FILTER (WHERE r.resolve_hours IS NOT NULL),
    percentile_cont(0.9) WITHIN GROUP (ORDER BY r.resolve_hours) FILTER (WHERE r.resolve_hours IS NOT NULL)
"""
_REPORT_FIGURES_SQL = f"""
    WITH r AS (
        SELECT id, status, {{area_column}} AS area_id,
               CASE WHEN status <> 'rejected' AND acknowledged_at IS NOT NULL
                    THEN extract(epoch FROM acknowledged_at - received_at) / 3600 END AS confirm_hours,
               CASE WHEN status = 'resolved' AND resolved_at IS NOT NULL
                    THEN extract(epoch FROM resolved_at - received_at) / 3600 END AS resolve_hours
        FROM trees_citizenreport
        WHERE municipality_id = %(municipality)s AND received_at >= %(start)s AND received_at < %(end)s
    )
    SELECT a.id, {_FIGURES} FROM trees_administrativearea a LEFT JOIN r ON r.area_id = a.id
    WHERE a.municipality_id = %(municipality)s AND a.level = %(level)s
    GROUP BY a.id
    UNION ALL
    SELECT NULL, {_FIGURES} FROM r
"""
_TREE_CONDITIONS_SQL = """
    SELECT {area_column}, coalesce(current_condition, %(unassessed)s), count(*)
    FROM trees_tree
    WHERE municipality_id = %(municipality)s AND status = ANY(%(standing)s)
    GROUP BY 1, 2
"""
_WEEKS_SQL = """
    WITH weeks AS (
        SELECT generate_series(date_trunc('week', %(start)s::timestamptz AT TIME ZONE %(tz)s),
                               %(end)s::timestamptz AT TIME ZONE %(tz)s - interval '1 microsecond',
                               interval '1 week') AS week
    ), received AS (
        SELECT date_trunc('week', received_at AT TIME ZONE %(tz)s) AS week, count(*) AS n FROM trees_citizenreport
        WHERE municipality_id = %(municipality)s AND received_at >= %(start)s AND received_at < %(end)s
        GROUP BY 1
    ), resolved AS (
        SELECT date_trunc('week', resolved_at AT TIME ZONE %(tz)s) AS week, count(*) AS n FROM trees_citizenreport
        WHERE municipality_id = %(municipality)s AND status = 'resolved'
          AND resolved_at >= %(start)s AND resolved_at < %(end)s
        GROUP BY 1
    )
    SELECT weeks.week::date, coalesce(received.n, 0), coalesce(resolved.n, 0)
    FROM weeks LEFT JOIN received USING (week) LEFT JOIN resolved USING (week)
    ORDER BY weeks.week
"""
AREA_COLUMNS = {AdministrativeLevel.DISTRICT: "district_id", AdministrativeLevel.COUNCIL_AREA: "council_area_id"}


def _areas(municipality: Municipality, level: str) -> dict[int, AdministrativeArea]:
    return {a.pk: a for a in AdministrativeArea.objects.filter(municipality=municipality, level=level)
            .defer("boundary")}


def _hours(value) -> float | None:
    return None if value is None else round(float(value), 1)


def report_figures(*, municipality: Municipality, level: str, start: datetime.datetime,
                   end: datetime.datetime) -> list[ReportFigures]:
    """Report figures per area of `level` (district or council_area), areas
    ordered by code, then one row for the whole municipality (area None,
    counting also reports outside every area), for reports received in
    [start, end)."""
    areas = _areas(municipality, level)
    with connection.cursor() as cursor:
        cursor.execute(_REPORT_FIGURES_SQL.format(area_column=AREA_COLUMNS[level]), {
            "municipality": municipality.pk, "level": level, "start": start, "end": end,
            "open": list(OPEN_REPORT_STATUSES)})
        rows = cursor.fetchall()
    # Each row: area id, five counts, four durations.
    figures = [ReportFigures(areas.get(row[0]), *row[1:6], *map(_hours, row[6:])) for row in rows]
    return sorted(figures, key=lambda f: (f.area is None, f.area.code if f.area else ""))


def tree_conditions(*, municipality: Municipality, level: str) -> list[TreeConditions]:
    """Standing (alive or dead) trees per area of `level` by current
    condition, areas ordered by code, then the whole municipality."""
    areas = _areas(municipality, level)
    with connection.cursor() as cursor:
        cursor.execute(_TREE_CONDITIONS_SQL.format(area_column=AREA_COLUMNS[level]), {
            "municipality": municipality.pk, "standing": list(STANDING), "unassessed": UNASSESSED})
        rows = cursor.fetchall()
    per_area: dict[int, dict[str, int]] = {pk: {} for pk in areas}
    whole: dict[str, int] = {}
    for area_id, condition, count in rows:
        if area_id in per_area:
            per_area[area_id][condition] = per_area[area_id].get(condition, 0) + count
        whole[condition] = whole.get(condition, 0) + count
    ordered = sorted(areas.values(), key=lambda a: a.code)
    return [TreeConditions(area, per_area[area.pk]) for area in ordered] + [TreeConditions(None, whole)]


def weekly_reports(*, municipality: Municipality, start: datetime.datetime, end: datetime.datetime,
                   time_zone: str) -> list[WeekFigures]:
    """Reports received and reports resolved per calendar week (Monday
    first, in `time_zone`) between start and end."""
    with connection.cursor() as cursor:
        cursor.execute(_WEEKS_SQL, {"municipality": municipality.pk, "start": start, "end": end, "tz": time_zone})
        return [WeekFigures(*row) for row in cursor.fetchall()]
