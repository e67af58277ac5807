"""Django settings for Green Bishkek. Everything that differs between machines
comes from the environment; the defaults give a working local setup."""
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from greenmap import devdb

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "*").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "trees",
    "imports",
    "tiles",
    "greenmap",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "greenmap.middleware.LanguageNeutralVaryMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "greenmap.urls"
WSGI_APPLICATION = "greenmap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASE_URL points at any PostGIS; without it, the private dev cluster.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], engine="django.contrib.gis.db.backends.postgis")}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.contrib.gis.db.backends.postgis",
            "NAME": devdb.DATABASE_NAME,
            "USER": devdb.SUPERUSER,
            "HOST": str(devdb.socket_dir()),
        }
    }
# Persistent connections: opening one per request was the largest avoidable
# cost in the report load test (20 -> 30 reports/s).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", 60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Parallel test runs (several checkouts or helpers) each need their own test database.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", f"test_{DATABASES['default']['NAME']}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("ky", _("Kyrgyz")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "greenmap" / "locale"]
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages installed by npm at setup; served by the app, never a CDN.
FRONTEND_PACKAGES = {"leaflet": "leaflet/dist", "leaflet.vectorgrid": "leaflet.vectorgrid/dist"}
STATICFILES_DIRS = [(f"vendor/{name}", BASE_DIR / "node_modules" / dist) for name, dist in FRONTEND_PACKAGES.items()
                    if (BASE_DIR / "node_modules" / dist).is_dir()]
# In development WhiteNoise serves straight from the apps and node_modules.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if not DEBUG
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Green Bishkek API",
    "DESCRIPTION": "The city's trees, parks and squares, their condition and care, as GeoJSON.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Domain limits and distances, named so they can be tuned without code changes.
GREENMAP = {
    "BASEMAP_URL": os.environ.get("BASEMAP_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    "BASEMAP_ATTRIBUTION": os.environ.get("BASEMAP_ATTRIBUTION", "&copy; OpenStreetMap contributors"),
    "API_PAGE_SIZE": int(os.environ.get("API_PAGE_SIZE", 1000)),
    "API_MAX_PAGE_SIZE": int(os.environ.get("API_MAX_PAGE_SIZE", 10000)),
    "API_MAX_BBOX_KM2": float(os.environ.get("API_MAX_BBOX_KM2", 2500)),
    "API_MAX_DISTANCE_M": float(os.environ.get("API_MAX_DISTANCE_M", 10000)),
    "REPORT_SNAP_DISTANCE_M": float(os.environ.get("REPORT_SNAP_DISTANCE_M", 10)),
    "IMPORT_MATCH_DISTANCE_M": float(os.environ.get("IMPORT_MATCH_DISTANCE_M", 3)),
    # The upload page checks and commits larger files in the background,
    # showing how far it has got (imports/background.py).
    "IMPORT_IN_REQUEST_MAX_BYTES": int(os.environ.get("IMPORT_IN_REQUEST_MAX_BYTES", 1024 * 1024)),
    # From this many new trees, a load into an empty inventory builds the trees
    # tables' indexes after the rows (trees/services/bulk_load.py).
    "BULK_LOAD_MIN_ROWS": int(os.environ.get("BULK_LOAD_MIN_ROWS", 50_000)),
    "TILE_CACHE_SECONDS": int(os.environ.get("TILE_CACHE_SECONDS", 60)),
    "TILE_MAX_ZOOM": int(os.environ.get("TILE_MAX_ZOOM", 20)),
    "TILE_MAX_TREES": int(os.environ.get("TILE_MAX_TREES", 10000)),
    "TILE_CACHE_ENTRIES": int(os.environ.get("TILE_CACHE_ENTRIES", 1000)),
    # Citizen reports: abuse limits, duplicate detection, photos, Open311.
    "REPORT_RATE_LIMIT": int(os.environ.get("REPORT_RATE_LIMIT", 10)),
    "REPORT_RATE_WINDOW_MINUTES": float(os.environ.get("REPORT_RATE_WINDOW_MINUTES", 60)),
    "REPORT_DUPLICATE_DISTANCE_M": float(os.environ.get("REPORT_DUPLICATE_DISTANCE_M", 15)),
    "REPORT_DUPLICATE_DAYS": int(os.environ.get("REPORT_DUPLICATE_DAYS", 7)),
    "REPORT_PHOTO_MAX_BYTES": int(os.environ.get("REPORT_PHOTO_MAX_BYTES", 10 * 1024 * 1024)),
    "REPORT_PHOTO_MAX_PIXELS": int(os.environ.get("REPORT_PHOTO_MAX_PIXELS", 40_000_000)),
    "REPORT_PHOTO_LONG_SIDE_PX": 2048,
    "REPORT_PHOTO_THUMBNAIL_PX": 320,
    # Only set behind a proxy you run that always overwrites this header.
    "REPORT_CLIENT_ADDRESS_HEADER": os.environ.get("REPORT_CLIENT_ADDRESS_HEADER") or None,
    "OPEN311_API_KEYS": [k for k in os.environ.get("OPEN311_API_KEYS", "").split(",") if k],
    "STATISTICS_CACHE_SECONDS": int(os.environ.get("STATISTICS_CACHE_SECONDS", 60)),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# GDAL 3.6 cannot block file/network access from spatial reference strings.
# We never pass one from a user to GDAL: coordinate systems come from an
# allow-list of EPSG codes (DESIGN.md, data rules), so the warning is answered.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
