"""Statistics as people read them: area names in the visitor's language,
durations in hours or days, the charts, and the JSON documents."""
from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from greenmap.statistics.charts import Series, bar_chart, column_chart
from greenmap.statistics.query import StatisticsQuery
from trees.models import ConditionClass
from trees.models.naming import name_in
from trees.statistics import ReportFigures, TreeConditions, report_figures, tree_conditions, weekly_reports

CONDITION_COLORS = {"good": "#2e7d32", "fair": "#9ccc65", "poor": "#f9a825", "critical": "#e65100", "dead": "#5d4037",
                    "unassessed": "#bdbdbd"}
DEFAULT_TREE_CACHE_SECONDS = 60


def area_name(area) -> str:
    """The area's (or, for None, the whole municipality's) name in the
    visitor's language, Russian when there is none."""
    if area is None:
        return _("Whole municipality")
    return name_in(area)


def duration(hours: float | None) -> str:
    if hours is None:
        return "—"
    if hours < 48:
        return _("%(hours)s h") % {"hours": f"{hours:.1f}".rstrip("0").rstrip(".")}
    return _("%(days)s d") % {"days": f"{hours / 24:.1f}".rstrip("0").rstrip(".")}


def cached_tree_conditions(query: StatisticsQuery) -> list[TreeConditions]:
    """Counting a million trees takes a fifth of a second; the page serves
    them from a short-lived cache (figures at most a minute old)."""
    seconds = int(getattr(settings, "GREENMAP", {}).get("STATISTICS_CACHE_SECONDS", DEFAULT_TREE_CACHE_SECONDS))
    key = f"statistics:trees:{query.municipality.pk}:{query.level}"
    found = cache.get(key)
    if found is None:
        found = tree_conditions(municipality=query.municipality, level=query.level)
        cache.set(key, found, seconds)
    return found


def _figures_dict(figures: ReportFigures) -> dict:
    return {
        "code": figures.area.code if figures.area else None, "name": area_name(figures.area),
        "received": figures.received, "open": figures.open, "resolved": figures.resolved,
        "rejected": figures.rejected, "unable_to_fix": figures.unable_to_fix,
        "hours_to_confirm": {"median": figures.confirm_median_hours, "p90": figures.confirm_p90_hours},
        "hours_to_resolve": {"median": figures.resolve_median_hours, "p90": figures.resolve_p90_hours},
    }


def report_document(query: StatisticsQuery) -> dict:
    """The JSON document of report figures for the query."""
    figures = report_figures(municipality=query.municipality, level=query.level, start=query.start, end=query.end)
    weeks = weekly_reports(municipality=query.municipality, start=query.start, end=query.end,
                           time_zone=settings.TIME_ZONE)
    return {**query.as_params(), "areas": [_figures_dict(f) for f in figures if f.area],
            "total": _figures_dict(figures[-1]),
            "weeks": [{"week_start": w.week_start.isoformat(), "received": w.received, "resolved": w.resolved}
                      for w in weeks]}


def tree_document(query: StatisticsQuery) -> dict:
    """The JSON document of standing trees by condition for the query."""
    rows = cached_tree_conditions(query)

    def as_dict(row):
        return {"code": row.area.code if row.area else None, "name": area_name(row.area),
                "standing_trees": row.total, "by_condition": row.counts}
    return {"municipality": query.municipality.code, "level": query.level,
            "areas": [as_dict(r) for r in rows if r.area], "total": as_dict(rows[-1])}


def page_context(query: StatisticsQuery) -> dict:
    """Tables and charts for the statistics page."""
    figures = report_figures(municipality=query.municipality, level=query.level, start=query.start, end=query.end)
    weeks = weekly_reports(municipality=query.municipality, start=query.start, end=query.end,
                           time_zone=settings.TIME_ZONE)
    trees = cached_tree_conditions(query)
    areas = [f for f in figures if f.area]
    outcome = [Series("resolved", _("resolved"), "#2e7d32"), Series("open", _("open"), "#f9a825"),
               Series("closed", _("rejected or unable to fix"), "#9e9e9e")]
    speed = [Series("p90", _("90% within"), "#90caf9"), Series("median", _("half within (median)"), "#1565c0")]
    conditions = [Series(c, str(ConditionClass(c).label) if c in ConditionClass.values else _("not assessed"),
                         CONDITION_COLORS[c]) for c in [*ConditionClass.values, "unassessed"]]
    rows = [{"name": area_name(f.area), "figures": f, "confirm_median": duration(f.confirm_median_hours),
             "confirm_p90": duration(f.confirm_p90_hours), "resolve_median": duration(f.resolve_median_hours),
             "resolve_p90": duration(f.resolve_p90_hours)} for f in figures]
    return {
        "query": query, "query_string": urlencode(query.as_params()), "report_rows": rows, "total": rows[-1],
        "tree_rows": [{"name": area_name(t.area), "conditions": t,
                       "cells": [t.counts.get(s.key, 0) for s in conditions]} for t in trees],
        "condition_series": conditions,
        "outcome_chart": bar_chart(title=_("Reports received, by what became of them"), series=outcome, rows=[
            (area_name(f.area), {"resolved": f.resolved, "open": f.open, "closed": f.rejected + f.unable_to_fix})
            for f in areas]),
        "speed_chart": bar_chart(title=_("Days to resolve a report"), series=speed, stacked=False, unit=_(" d"),
                                 rows=[(area_name(f.area), {
                                     "median": f.resolve_median_hours and round(f.resolve_median_hours / 24, 1),
                                     "p90": f.resolve_p90_hours and round(f.resolve_p90_hours / 24, 1)})
                                     for f in areas]),
        "weeks_chart": column_chart(title=_("Reports received and resolved per week"), series=[
            Series("received", _("received"), "#f9a825"), Series("resolved", _("resolved"), "#2e7d32")],
            periods=[(w.week_start.strftime("%d.%m"), {"received": w.received, "resolved": w.resolved})
                     for w in weeks]),
        "trees_chart": bar_chart(title=_("Standing trees by condition (share)"), series=conditions, percent=True,
                                 rows=[(area_name(t.area), dict(t.counts)) for t in trees]),
    }
