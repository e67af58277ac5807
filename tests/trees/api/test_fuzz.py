"""Schema-driven fuzzing: Schemathesis reads the API's own OpenAPI schema
and sends generated requests, valid and invalid, to every operation (as a
signed-in moderator, so writes are exercised too). No answer may be a
server error, and every answer must match the documented schema."""
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from greenmap.wsgi import application
from tests.factories import east_point, elm, make_tree, square, west_point
from trees import services

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
# Random requests, valid and not. (The exhaustive "coverage" phase sends
# about 2,000 requests; too slow for every run of the suite.)
schema.config.phases.update(phases=["fuzzing"])


@pytest.fixture
def keep_test_connection():
    """The real WSGI app closes the database connection after each request,
    which would end the test's transaction; Django's test client stops that
    the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def inventory(city, by):
    """Something to find: trees with history, a green area."""
    tree = make_tree(west_point(), by=by, species=elm(), height_m=8)
    make_tree(east_point(), by=by)
    services.record_condition(tree=tree, condition="fair", by=by)
    services.log_maintenance(tree=tree, kind="watering", by=by)
    services.create_green_area(boundary=square(74.58, 42.87, 0.002), kind="park", name_ru="Парк", by=by)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_api_fail(case, inventory, moderator, keep_test_connection):
    token, _ = Token.objects.get_or_create(user=moderator)

    case.call_and_validate(headers={"Authorization": f"Token {token.key}"},
                           checks=[not_a_server_error, response_schema_conformance])
