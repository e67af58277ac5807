"""Parsing single cell values the way surveys write them: decimal commas,
Russian date order, Excel cells, ODK/KoBo geopoints. Each parser returns the
value or raises `BadValue` with a reason a person can act on."""
from __future__ import annotations

import datetime
import json
import math
import re

from django.utils import timezone
from django.utils.translation import gettext_noop

from imports.messages import Sentence


class BadValue(ValueError):
    """A cell that cannot be read as what its column means. `sentence`
    says why, as a whole sentence (naming the value where it helps)."""

    def __init__(self, msgid: str, **args):
        self.sentence = Sentence(msgid, **args)
        super().__init__(self.sentence)


def _shown(value) -> str:
    """A cell as a message quotes it: as written, cut short."""
    return f"{value!s:.40}"


_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# Spreadsheet programs run cells starting like this as formulas (CSV injection).
_FORMULA_START = ("=", "@", "\t", "\r")
_FORMULA_SIGNS = ("(", "|", "!", "=")


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value, *, max_length: int) -> str:
    """A text cell, trimmed; refuses formulas and over-long text."""
    if is_blank(value):
        return ""
    value = value if isinstance(value, str) else _plain(value)
    value = value.strip()
    if looks_like_formula(value):
        raise BadValue(gettext_noop("looks like a spreadsheet formula; formulas are refused (type the value itself)"))
    if len(value) > max_length:
        raise BadValue(gettext_noop("is %(length)s characters long; at most %(most)s fit"), length=len(value),
                       most=max_length)
    return value


def looks_like_formula(value: str) -> bool:
    if value.startswith(_FORMULA_START):
        return True
    return value[:1] in "+-" and any(sign in value for sign in _FORMULA_SIGNS)


def number(value) -> float:
    """A number, with a decimal comma or point; spaces as thousands separators."""
    if isinstance(value, bool):
        raise BadValue(gettext_noop("%(value)s is yes/no, not a number"), value=_shown(value))
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise BadValue(gettext_noop("%(value)s is not a finite number"), value=_shown(value))
        return float(value)
    if _PLAIN_NUMBER.match(value):  # the common case, at C speed
        return float(value)
    cleaned = _SPACES.sub("", str(value))
    if not _NUMBER.match(cleaned):
        raise BadValue(gettext_noop("%(value)s is not a number"), value=_shown(value))
    result = float(cleaned.replace(",", "."))
    if not math.isfinite(result):
        raise BadValue(gettext_noop("%(value)s is not a finite number"), value=_shown(value))
    return result


def whole_number(value) -> int:
    result = number(value)
    if result != int(result):
        raise BadValue(gettext_noop("%(value)s is not a whole number"), value=_shown(value))
    return int(result)


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y", "%d.%m.%y")
_TIME_SUFFIXES = ("", " %H:%M", " %H:%M:%S")


def moment(value, *, today: datetime.date | None = None) -> datetime.datetime:
    """A date or date-time as an aware datetime (naive values are in the
    project's time zone). Refuses the future and dates before 1900."""
    if isinstance(value, datetime.datetime):
        result = value
    elif isinstance(value, datetime.date):
        result = datetime.datetime.combine(value, datetime.time())
    else:
        result = _parse_moment_text(str(value).strip())
    if timezone.is_naive(result):
        result = timezone.make_aware(result)
    today = today or timezone.localdate()
    if result.date() > today + datetime.timedelta(days=1):
        raise BadValue(gettext_noop("%(value)s is in the future"), value=_shown(value))
    if result.year < 1900:
        raise BadValue(gettext_noop("%(value)s is before 1900"), value=_shown(value))
    return result


def _parse_moment_text(raw: str) -> datetime.datetime:
    iso = raw.replace("Z", "+00:00").replace("z", "+00:00")
    if re.match(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2})?)?$", iso):
        try:
            return datetime.datetime.fromisoformat(iso)
        except ValueError:
            raise BadValue(gettext_noop("%(value)s is not a real date"), value=_shown(raw)) from None
    for day_format in _DATE_FORMATS:
        for suffix in _TIME_SUFFIXES:
            try:
                return datetime.datetime.strptime(raw, day_format + suffix)
            except ValueError:
                continue
    raise BadValue(gettext_noop("%(value)s is not a date; write it as 2024-05-17 or 17.05.2024"), value=_shown(raw))


def geopoint(value) -> tuple[float, float]:
    """(latitude, longitude) from an ODK/KoBo geopoint ('42.87 74.60 800 5'),
    a KoBo `_geolocation` list ('[42.87, 74.60]'), 'lat, lon' or WKT
    'POINT (lon lat)'."""
    raw = str(value).strip()
    if raw.upper().startswith("POINT"):
        match = re.match(r"^POINT\s*Z?\s*\(\s*(\S+)\s+(\S+)(\s+\S+)?\s*\)$", raw, re.IGNORECASE)
        if not match:
            raise BadValue(gettext_noop("is not a WKT point"))
        return number(match.group(2)), number(match.group(1))
    if raw.startswith("["):
        try:
            parts = json.loads(raw)
        except ValueError:
            raise BadValue(gettext_noop("is not a [latitude, longitude] list")) from None
        if not isinstance(parts, list) or len(parts) < 2 or any(p is None for p in parts[:2]):
            raise BadValue(gettext_noop("is not a [latitude, longitude] list"))
        return number(parts[0]), number(parts[1])
    parts = [p for p in re.split(r"[\s;]+|,\s+", raw) if p]
    if len(parts) < 2:
        raise BadValue(gettext_noop("is not a 'latitude longitude' pair"))
    return number(parts[0]), number(parts[1])


def _plain(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
