"""Coordinate systems: an allow-list of EPSG codes, never a definition
string. GDAL 3.6 and PROJ can be made to read files or fetch URLs from a
user-supplied spatial reference string, so a user's text is only ever
matched against this list; pyproj is then given the integer code."""
from __future__ import annotations

import re
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext_noop

from imports.errors import CoordinateSystemError

WGS84 = 4326

# code: (name, is geographic). Bishkek lies in UTM 43N; 42N, the Kyrgyz
# national system (Kyrg-06) and the Soviet Pulkovo 1942 Gauss-Kruger zones
# cover the rest of the country and older cadastre drawings.
DEFAULT_ALLOWED = {
    4326: ("WGS 84", True),
    3857: ("WGS 84 / Pseudo-Mercator", False),
    32642: ("WGS 84 / UTM zone 42N", False),
    32643: ("WGS 84 / UTM zone 43N", False),
    7686: ("Kyrg-06", True),
    7692: ("Kyrg-06 / zone 1", False),
    7693: ("Kyrg-06 / zone 2", False),
    7694: ("Kyrg-06 / zone 3", False),
    7695: ("Kyrg-06 / zone 4", False),
    7696: ("Kyrg-06 / zone 5", False),
    4284: ("Pulkovo 1942", True),
    28412: ("Pulkovo 1942 / Gauss-Kruger zone 12", False),
    28413: ("Pulkovo 1942 / Gauss-Kruger zone 13", False),
    28414: ("Pulkovo 1942 / Gauss-Kruger zone 14", False),
    2502: ("Pulkovo 1942 / Gauss-Kruger CM 69E", False),
    2503: ("Pulkovo 1942 / Gauss-Kruger CM 75E", False),
    2504: ("Pulkovo 1942 / Gauss-Kruger CM 81E", False),
}

# Names that Esri .prj files and GeoPackages use for the same systems.
_KNOWN_NAMES = {
    "wgs 84": 4326, "wgs84": 4326, "gcs_wgs_1984": 4326, "crs84": 4326,
    "wgs_1984_web_mercator_auxiliary_sphere": 3857, "wgs 84 / pseudo-mercator": 3857,
    "wgs_1984_utm_zone_42n": 32642, "wgs 84 / utm zone 42n": 32642,
    "wgs_1984_utm_zone_43n": 32643, "wgs 84 / utm zone 43n": 32643,
    "gcs_pulkovo_1942": 4284, "pulkovo 1942": 4284,
    "pulkovo_1942_gk_zone_12n": 28412, "pulkovo_1942_gk_zone_12": 28412,
    "pulkovo_1942_gk_zone_13n": 28413, "pulkovo_1942_gk_zone_13": 28413,
    "pulkovo_1942_gk_zone_14n": 28414, "pulkovo_1942_gk_zone_14": 28414,
    "pulkovo 1942 / gauss-kruger zone 12": 28412, "pulkovo 1942 / gauss-kruger zone 13": 28413,
    "pulkovo 1942 / gauss-kruger zone 14": 28414,
}

_USER_CODE = re.compile(r"^\s*(?:epsg\s*:\s*)?(\d{4,6})\s*$", re.IGNORECASE)
# The outermost AUTHORITY (WKT1) or ID (WKT2) closes the whole definition.
_TRAILING_AUTHORITY = re.compile(r'(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d{4,6})"?\s*\]\s*\]\s*$', re.IGNORECASE)
_URN = re.compile(r"^(?:urn:ogc:def:crs:)?EPSG:{1,2}(?:[\d.]*:)?(\d{4,6})$", re.IGNORECASE)
_OUTERMOST_NAME = re.compile(r'^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\[\s*"([^"]+)"', re.IGNORECASE)


def allowed_codes() -> dict[int, tuple[str, bool]]:
    extra = getattr(settings, "IMPORT_ALLOWED_EPSG", None)
    if extra is None:
        return DEFAULT_ALLOWED
    return {code: DEFAULT_ALLOWED.get(code, (f"EPSG:{code}", False)) for code in extra}


def choices() -> list[tuple[int, str]]:
    return [(code, f"EPSG:{code} — {name}") for code, (name, _) in allowed_codes().items()]


def is_geographic(code: int) -> bool:
    return allowed_codes()[code][1]


def parse_user_crs(text: str) -> int:
    """The EPSG code a person typed ('EPSG:32643' or '32643'), if allowed."""
    match = _USER_CODE.match(str(text))
    if not match:
        raise CoordinateSystemError(gettext_noop("coordinate system %(text)s is not an EPSG code; write it as "
                                                 "EPSG:32643 (allowed: %(allowed)s)"),
                                    text=repr(str(text)[:60]), allowed=_allowed_list())
    return ensure_allowed(int(match.group(1)))


def ensure_allowed(code: int) -> int:
    if code not in allowed_codes():
        raise CoordinateSystemError(gettext_noop("EPSG:%(code)s is not on the allow-list of coordinate systems "
                                                 "(%(allowed)s)"), code=code, allowed=_allowed_list())
    return code


def identify_declared(text: str) -> int | None:
    """The allowed EPSG code that a file's own declaration (a .prj, a
    GeoJSON `crs` name, a GeoPackage spatial reference) stands for, read as
    text and never parsed by GDAL or PROJ. None when it is not recognised."""
    text = (text or "").strip()
    if not text:
        return None
    found = None
    if text.lower() in _KNOWN_NAMES:
        found = _KNOWN_NAMES[text.lower()]
    elif "crs84" in text.lower() and len(text) < 80:
        found = WGS84
    elif match := _URN.match(text):
        found = int(match.group(1))
    elif match := _TRAILING_AUTHORITY.search(text):
        found = int(match.group(1))
    elif match := _OUTERMOST_NAME.match(text):
        found = _KNOWN_NAMES.get(match.group(1).strip().lower())
    return found if found in allowed_codes() else None


def _allowed_list() -> str:
    return ", ".join(f"EPSG:{code}" for code in allowed_codes())


@lru_cache(maxsize=32)
def transformer_to_wgs84(code: int):
    """A pyproj transformer from an allowed code to WGS84 (x = longitude)."""
    from pyproj import Transformer

    ensure_allowed(code)
    return Transformer.from_crs(code, WGS84, always_xy=True)


def to_wgs84(code: int, xs: list[float], ys: list[float]) -> tuple[list[float], list[float]]:
    """Transform many points at once (pyproj works on whole arrays)."""
    if code == WGS84:
        return xs, ys
    lons, lats = transformer_to_wgs84(code).transform(xs, ys)
    return list(lons), list(lats)
