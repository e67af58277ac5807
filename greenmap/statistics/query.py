"""What a statistics request asks for: a municipality, a level of areas and
a period of days. Bad parameters raise `BadParameter` naming the parameter."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from trees.models import AdministrativeLevel, Municipality

DEFAULT_DAYS = 90
MAX_DAYS = 3660
FIRST_YEAR, LAST_YEAR = 1900, 2100


class BadParameter(Exception):
    def __init__(self, name: str, message: str, *, status: int = 400):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.status = status


@dataclass(frozen=True)
class StatisticsQuery:
    municipality: Municipality
    level: str
    first_day: datetime.date
    last_day: datetime.date

    @property
    def start(self) -> datetime.datetime:
        """The first day's midnight in the server's time zone."""
        return timezone.make_aware(datetime.datetime.combine(self.first_day, datetime.time()))

    @property
    def end(self) -> datetime.datetime:
        """Midnight after the last day (exclusive end)."""
        return timezone.make_aware(datetime.datetime.combine(self.last_day + datetime.timedelta(days=1),
                                                             datetime.time()))

    def as_params(self) -> dict:
        return {"municipality": self.municipality.code, "level": self.level, "from": self.first_day.isoformat(),
                "until": self.last_day.isoformat()}


def _day(params, name: str) -> datetime.date | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, _("%(value)s is not a date; use YYYY-MM-DD") % {"value": repr(raw[:40])}) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadParameter(name, _("%(value)s is outside the years %(first)s to %(last)s")
                           % {"value": raw, "first": FIRST_YEAR, "last": LAST_YEAR})
    return day


def statistics_query(params) -> StatisticsQuery:
    """Read `municipality` (code; the first one by default), `level`
    (district or council_area), `from` and `until` (dates, both included;
    by default the last 90 days up to today)."""
    for name in ("municipality", "level", "from", "until"):
        if "\x00" in params.get(name, ""):
            raise BadParameter(name, _("contains a NUL character"))
    code = params.get("municipality", "").strip()
    municipalities = Municipality.objects.order_by("code").defer("boundary")
    municipality = municipalities.filter(code=code).first() if code else municipalities.first()
    if municipality is None:
        raise BadParameter("municipality", _("no municipality %(code)s in the inventory") % {"code": repr(code)}
                           if code else _("the inventory has no municipality yet"), status=404)
    level = params.get("level", "").strip() or AdministrativeLevel.DISTRICT
    if level not in AdministrativeLevel.values:
        raise BadParameter("level", _("%(value)s is not a level; use district or council_area")
                           % {"value": repr(level[:40])})
    today = timezone.localdate()
    last_day = _day(params, "until") or today
    first_day = _day(params, "from") or last_day - datetime.timedelta(days=DEFAULT_DAYS - 1)
    if first_day > last_day:
        raise BadParameter("from", _("the period starts after it ends"))
    if (last_day - first_day).days >= MAX_DAYS:
        raise BadParameter("from", _("the period is longer than %(days)s days") % {"days": MAX_DAYS})
    return StatisticsQuery(municipality, level, first_day, last_day)
