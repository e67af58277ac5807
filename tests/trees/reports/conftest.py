import pytest

from tests import factories
from trees.services.reports import file_report


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded photos go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def moderator(db):
    return factories.make_user("moderator1", role="moderator")


@pytest.fixture
def file_at(city):
    """File a report at a point of the test city, with defaults for the rest."""
    def file(location=None, **fields):
        fields.setdefault("category", "damaged")
        return file_report(location=location or factories.west_point(), **fields)
    return file
