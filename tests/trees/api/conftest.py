import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Every test signs users up; the production hasher takes about 0.3 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def english_client() -> APIClient:
    # Django's own messages follow Accept-Language; the site's default is Russian.
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def anonymous():
    return english_client()


def client_for(user) -> APIClient:
    """A script or app signing in with its token."""
    client = english_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def gardener_client(gardener):
    return client_for(gardener)


@pytest.fixture
def moderator(db):
    return factories.make_user("moderator1", role="moderator", is_staff=True)


@pytest.fixture
def moderator_client(moderator):
    return client_for(moderator)


@pytest.fixture
def volunteer_client(db):
    return client_for(factories.make_user("volunteer1", role="volunteer"))
