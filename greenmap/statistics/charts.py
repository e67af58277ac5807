"""Geometry of the statistics page's charts. Python does the arithmetic; the
SVG itself is written by templates (`statistics/chart_*.svg`), so every
label passes through autoescaping like the rest of the page."""
from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    color: str


@dataclass(frozen=True)
class Segment:
    series: Series
    value: float
    x: float
    width: float
    text: str


@dataclass
class Bar:
    label: str
    y: float
    text_y: float
    total_text: str
    total_x: float = 0.0
    segments: list[Segment] = field(default_factory=list)


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per row, each split into series segments."""

    title: str
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    bars: list[Bar]
    legend: list[Series]
    ticks: list[Tick]


def nice_ceiling(value: float) -> float:
    """The next 1, 2 or 5 × 10ⁿ at or above `value`: axis ends people read."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def bar_chart(*, title: str, rows: list[tuple[str, dict[str, float | None]]], series: list[Series],
              stacked: bool = True, percent: bool = False, unit: str = "", width: int = 720,
              label_width: int = 200, bar_height: int = 22) -> BarChart:
    """Bars for `rows` of (label, {series key: value}). Stacked bars add the
    series up; unstacked ones overlay them from the largest down (a median
    drawn over its 90th percentile). `percent` scales each bar to 100 %."""
    plot_width = width - label_width - 60
    totals = [sum(v or 0 for v in values.values()) if stacked else max([v or 0 for v in values.values()] or [0])
              for _, values in rows]
    scale_max = 100 if percent else nice_ceiling(max(totals or [0]))
    bars = []
    for index, ((label, values), total) in enumerate(zip(rows, totals)):
        y = 28 + index * (bar_height + 10)
        bar = Bar(label=label, y=y, text_y=y + bar_height * 0.7,
                  total_text=f"{_number(total)}{unit}" if not percent else "")
        offset = 0.0
        ordered = series if stacked else sorted(series, key=lambda s: -(values.get(s.key) or 0))
        for item in ordered:
            value = values.get(item.key) or 0
            share = (value / total * 100 if total else 0) if percent else value
            length = share / scale_max * plot_width
            bar.segments.append(Segment(series=item, value=value, x=label_width + (offset if stacked else 0),
                                        width=length, text=f"{item.label}: {_number(value)}{unit}"))
            if stacked:
                offset += length
        bar.total_x = label_width + max([offset] + [s.width for s in bar.segments]) + 6
        bars.append(bar)
    ticks = [Tick(x=label_width + plot_width * step / 4, text=_number(scale_max * step / 4) + ("%" if percent else ""))
             for step in range(5)]
    height = 28 + len(rows) * (bar_height + 10) + 24
    return BarChart(title=title, width=width, height=height, label_width=label_width, plot_width=plot_width,
                    bar_height=bar_height, bars=bars, legend=series, ticks=ticks)


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    color: str
    text: str


@dataclass(frozen=True)
class ColumnChart:
    """Pairs of columns over time (received and resolved per week)."""

    title: str
    width: int
    height: int
    baseline: int
    columns: list[Column]
    legend: list[Series]
    labels: list[Tick]
    top_text: str


def column_chart(*, title: str, periods: list[tuple[str, dict[str, int]]], series: list[Series],
                 width: int = 720, height: int = 220) -> ColumnChart:
    """Columns for `periods` of (label, {series key: count}), side by side."""
    baseline = height - 36  # room for the date labels
    top = nice_ceiling(max([v for _, values in periods for v in values.values()] or [0]))
    slot = (width - 40) / max(len(periods), 1)
    column_width = max(slot / (len(series) + 1), 1)
    columns, labels = [], []
    every = max(1, math.ceil(len(periods) / 12))  # at most a dozen date labels
    for index, (label, values) in enumerate(periods):
        for position, item in enumerate(series):
            value = values.get(item.key, 0)
            length = value / top * (baseline - 24)
            columns.append(Column(x=40 + index * slot + position * column_width, y=baseline - length,
                                  width=column_width, height=length, color=item.color,
                                  text=f"{label} — {item.label}: {value}"))
        if index % every == 0:
            labels.append(Tick(x=40 + index * slot, text=label))
    return ColumnChart(title=title, width=width, height=height, baseline=baseline, columns=columns,
                       legend=series, labels=labels, top_text=_number(top))
