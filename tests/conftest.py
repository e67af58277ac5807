import importlib

import pytest
from django.apps import apps

from tests import factories

SPECIES_SEED = importlib.import_module("trees.migrations.0003_seed_species")


@pytest.fixture(autouse=True)
def _seeded_species(request):
    """Transactional tests (live server, browser) empty every table when they
    end, including the species a data migration seeds; put them back."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        SPECIES_SEED.seed(apps, None)


@pytest.fixture
def city(db):
    return factories.make_city()


@pytest.fixture
def gardener(db):
    return factories.make_user("gardener1", role="gardener")


@pytest.fixture
def by(gardener):
    return factories.actor(gardener)
