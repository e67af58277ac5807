"""The API's limits, named in settings.GREENMAP so a city can tune them."""
from django.conf import settings

_DEFAULTS = {
    "API_PAGE_SIZE": 1000,
    "API_MAX_PAGE_SIZE": 10000,
    "API_MAX_BBOX_KM2": 2500.0,
    "API_MAX_DISTANCE_M": 10000.0,
}


def limit(name: str):
    return getattr(settings, "GREENMAP", {}).get(name, _DEFAULTS[name])
