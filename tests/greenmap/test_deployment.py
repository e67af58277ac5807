"""docker-compose.yml must speak the same settings the app reads."""
import re
from pathlib import Path

import yaml

from greenmap import settings

ROOT = Path(__file__).resolve().parents[2]


def settings_read_from_environment() -> set[str]:
    source = (ROOT / "greenmap" / "settings.py").read_text()
    return set(re.findall(r"""(?:environ\.get|environ\[|env_bool\()\(?["']([A-Z_]+)["']""", source))


def test_compose_passes_only_settings_the_app_reads():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    app_environment = set(compose["services"]["app"]["environment"])

    unknown = app_environment - settings_read_from_environment()

    assert not unknown, f"docker-compose.yml sets {sorted(unknown)} but greenmap/settings.py never reads them"


def test_compose_sets_what_production_must_not_default():
    app_environment = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["app"]["environment"]

    for required in ("DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"):
        assert required in app_environment
    assert app_environment["DEBUG"] == "false"


def test_compose_database_is_postgis_and_app_uses_the_postgis_engine():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    assert compose["services"]["db"]["image"].startswith("postgis/postgis:15")
    assert compose["services"]["app"]["environment"]["DATABASE_URL"].startswith("postgis://")
    assert settings.DATABASES["default"]["ENGINE"] == "django.contrib.gis.db.backends.postgis"
