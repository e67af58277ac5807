"""Malformed Open311 requests get the standard error list naming the
parameter, with the right status, and nothing is stored. Never a 500."""
import json

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from tests.factories import west_point
from tests.trees.reports import photos
from trees.models import CitizenReport

PIN = west_point()
GOOD = {"service_code": "sick", "lat": str(PIN.y), "long": str(PIN.x)}


def _error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    [error] = response.json()
    assert set(error) == {"code", "description"} and error["code"] == status
    return error["description"]


@pytest.mark.parametrize("fields, message", [
    ({**GOOD, "service_code": ""}, "service_code: required"),
    ({**GOOD, "service_code": "graffiti"}, "service_code: unknown category 'graffiti'"),
    ({**GOOD, "lat": "nan"}, "lat: 'nan' is out of range"),
    ({**GOOD, "lat": "91"}, "lat: '91' is out of range"),
    ({**GOOD, "long": "1e999"}, "long: '1e999' is out of range"),
    ({"service_code": "sick", "address_string": "Chui 100"}, "long: required; this server places reports by lat"),
    ({**GOOD, "lat": "10", "long": "10"}, "lat/long: (10.000000, 10.000000) is outside every municipality"),
    ({**GOOD, "description": "x" * 4001}, "description: 4001 characters is too long"),
    ({**GOOD, "email": "e" * 250}, "email: 250 characters is too long"),
    ({**GOOD, "media_url": "javascript:alert(1)"}, "media_url: a photo link must be an http(s) address"),
    ({**GOOD, "tree_id": "1; DROP TABLE"}, "tree_id: '1; DROP TABLE' is not a tree number"),
    ({**GOOD, "tree_id": "99999999"}, "tree_id: there is no tree 99999999"),
    ({**GOOD, "idempotency_key": "x"}, "Idempotency-Key: an idempotency key is 8 to 64"),
])
def test_bad_fields_are_refused_naming_them(client, city, fields, message):
    description = _error(client.post("/open311/v2/requests.json", fields), 400)

    assert description.startswith(message)
    assert not CitizenReport.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(client, city):
    fields = {**GOOD, "media": photos.fake_photo()}

    assert _error(client.post("/open311/v2/requests.json", fields), 400).startswith("media: not a photo")


@pytest.mark.parametrize("params, status, message", [
    ({"start_date": "yesterday"}, 400, "start_date: 'yesterday' is not a date/time"),
    ({"end_date": "2024-13-45T99:00:00Z"}, 400, "end_date: '2024-13-45T99:00:00Z' is not a date/time"),
    ({"start_date": "2024-05-02", "end_date": "2024-05-01"}, 400, "end_date: is before start_date"),
    ({"status": "pending"}, 400, "status: 'pending' is not a status"),
    ({"service_code": "sick,ufo"}, 400, "service_code: unknown service 'ufo'"),
    ({"jurisdiction_id": "atlantis"}, 404, "jurisdiction_id: unknown jurisdiction 'atlantis'"),
])
def test_bad_filters_are_refused_naming_them(client, city, params, status, message):
    assert _error(client.get("/open311/v2/requests.json", params), status).startswith(message)


def test_service_definitions_have_no_extra_attributes(client, city):
    assert client.get("/open311/v2/services/dead.json").json() == [{"service_code": "dead", "attributes": []}]
    assert "unknown service 'ufo'" in _error(client.get("/open311/v2/services/ufo.json"), 404)


def test_unknown_request_resource_and_method_get_standard_errors(client, city):
    assert "no request 'GBNOSUCH'" in _error(client.get("/open311/v2/requests/GBNOSUCH.json"), 404)
    assert "not a GeoReport v2 resource" in _error(client.get("/open311/v2/reports.json"), 404)
    deleted = client.delete("/open311/v2/requests.json")
    assert "DELETE is not supported" in _error(deleted, 405)
    assert deleted["Allow"] == "GET, POST"


def test_nul_characters_are_refused_wherever_they_come(client, city):
    query = client.get("/open311/v2/requests.json", {"jurisdiction_id": "test\x00grad"})
    path = client.get("/open311/v2/requests/GB%00X.json")
    form = client.post("/open311/v2/requests.json", {**GOOD, "jurisdiction_id": "a\x00b"})

    assert _error(query, 400) == "jurisdiction_id: contains a NUL character"
    assert _error(path, 400) == "path: service_request_id: contains a NUL character"
    assert _error(form, 400) == "jurisdiction_id: contains a NUL character"
    assert not CitizenReport.objects.exists()


def test_errors_come_as_xml_when_xml_is_asked_for(client, city):
    response = client.post("/open311/v2/requests.xml", {**GOOD, "service_code": "ufo"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<errors><error><code>400</code>")


def test_body_that_is_not_a_form_is_refused(client, city):
    garbled = client.generic("POST", "/open311/v2/requests.json", b"--xx\r\nContent-Disposition: form-data\r\n\r\n",
                             content_type="multipart/form-data")  # no boundary
    wrong_json = client.post("/open311/v2/requests.json", "[1, 2]", content_type="application/json")
    bad_json = client.post("/open311/v2/requests.json", "{nope", content_type="application/json")

    assert "cannot be read" in _error(garbled, 400)
    assert "must be an object" in _error(wrong_json, 400)
    assert "cannot be read" in _error(bad_json, 400)
    assert not CitizenReport.objects.exists()


def test_json_body_is_accepted_too(client, city):
    response = client.post("/open311/v2/requests.json", json.dumps({**GOOD, "lat": PIN.y, "long": PIN.x}),
                           content_type="application/json")

    assert response.status_code == 201
    assert CitizenReport.objects.get().tracking_code == response.json()[0]["service_request_id"]


def test_oversized_request_is_refused_before_it_is_read(client, city, settings):
    settings.GREENMAP = {**settings.GREENMAP, "REPORT_PHOTO_MAX_BYTES": 1024}
    body = b"x" * (70 * 1024)

    response = client.generic("POST", "/open311/v2/requests.json", body,
                              content_type="application/x-www-form-urlencoded")

    assert "at most 66560 are accepted" in _error(response, 413)


def test_too_many_reports_from_one_address_get_429_with_retry_after(client, city, settings):
    settings.GREENMAP = {**settings.GREENMAP, "REPORT_RATE_LIMIT": 2}
    for number in range(2):
        assert client.post("/open311/v2/requests.json", {**GOOD, "lat": PIN.y + number * 0.001}).status_code == 201

    refused = client.post("/open311/v2/requests.json", GOOD)

    assert "too many reports from this sender" in _error(refused, 429)
    assert int(refused["Retry-After"]) > 0
    assert CitizenReport.objects.count() == 2


def test_api_keys_are_checked_when_the_city_configures_them(client, city, settings):
    settings.GREENMAP = {**settings.GREENMAP, "OPEN311_API_KEYS": ["city-complaints-app"]}

    assert "api_key" in _error(client.post("/open311/v2/requests.json", GOOD), 403)
    assert client.post("/open311/v2/requests.json", {**GOOD, "api_key": "city-complaints-app"}).status_code == 201


FIELD_NAMES = st.sampled_from(["service_code", "lat", "long", "description", "email", "first_name", "media_url",
                               "tree_id", "address_string", "jurisdiction_id", "idempotency_key", "phone"])


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.dictionaries(FIELD_NAMES, st.text(max_size=60)))
def test_no_form_makes_the_server_fail(client, city, fields):
    response = client.post("/open311/v2/requests.json", fields)

    assert response.status_code in (201, 400, 403, 404, 429), response.content
    if response.status_code != 201:
        _error(response, response.status_code)


@hypothesis_settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(["service_request_id", "service_code", "start_date", "end_date",
                                                "status", "jurisdiction_id"]), st.text(max_size=40)))
def test_no_query_makes_the_server_fail(client, city, params):
    response = client.get("/open311/v2/requests.json", params)

    assert response.status_code in (200, 400, 404), response.content


def test_behind_a_proxy_the_configured_header_names_the_sender(client, city, settings):
    settings.GREENMAP = {**settings.GREENMAP, "REPORT_RATE_LIMIT": 1, "REPORT_CLIENT_ADDRESS_HEADER": "HTTP_X_REAL_IP"}
    url = "/open311/v2/requests.json"

    assert client.post(url, GOOD, HTTP_X_REAL_IP="203.0.113.1").status_code == 201
    assert client.post(url, GOOD, HTTP_X_REAL_IP="203.0.113.1").status_code == 429
    assert client.post(url, GOOD, HTTP_X_REAL_IP="203.0.113.2").status_code == 201
