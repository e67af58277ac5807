import pytest

from tests import factories


@pytest.fixture
def city(db):
    return factories.make_city()


@pytest.fixture
def gardener(db):
    return factories.make_user("gardener1", role="gardener")


@pytest.fixture
def by(gardener):
    return factories.actor(gardener)
