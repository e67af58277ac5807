import pytest

from tests import factories
from tests.imports import surveys


@pytest.fixture
def volunteer(db):
    return factories.make_user("volunteer1", role="volunteer")


@pytest.fixture
def signed_in(client, volunteer):
    """A volunteer's browser session, in English."""
    client.force_login(volunteer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def survey_dir(tmp_path):
    return tmp_path


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def write_csv(tmp_path):
    def write(rows, *, name="survey.csv", **kwargs):
        return surveys.write_csv(tmp_path / name, rows, **kwargs)
    return write
