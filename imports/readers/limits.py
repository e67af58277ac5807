"""Limits on what a survey file may be, as settings with sane defaults."""
from django.conf import settings

DEFAULTS = {
    "IMPORT_MAX_FILE_BYTES": 1024 * 1024 * 1024,  # what the command line accepts
    "IMPORT_MAX_UPLOAD_BYTES": 100 * 1024 * 1024,  # what the upload page accepts
    "IMPORT_MAX_ROWS": 2_000_000,
    "IMPORT_MAX_COLUMNS": 500,
    "IMPORT_ZIP_MAX_MEMBERS": 100,
    "IMPORT_ZIP_MAX_BYTES": 1024 * 1024 * 1024,  # all members, uncompressed
    "IMPORT_ZIP_MAX_RATIO": 200,  # uncompressed / compressed; zip bombs reach thousands
    "IMPORT_GEOJSON_MAX_BYTES": 300 * 1024 * 1024,  # read whole into memory
}


def limit(name: str) -> int:
    return getattr(settings, name, DEFAULTS[name])
