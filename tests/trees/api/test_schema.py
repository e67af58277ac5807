"""The OpenAPI schema is valid and warning-free; the interactive docs load
their JavaScript and CSS from the application's own static files."""
import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client


def test_schema_generates_without_warnings_and_validates(db, tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    paths = yaml.safe_load(target.read_text())["paths"]
    assert {"/api/v1/trees/", "/api/v1/trees/{id}/", "/api/v1/trees/{tree_pk}/conditions/",
            "/api/v1/green-areas/", "/api/v1/conditions/", "/api/v1/maintenance/", "/api/v1/species/",
            "/api/v1/administrative-areas/", "/api/v1/reports/"} <= set(paths)
    assert "412" in paths["/api/v1/trees/{id}/"]["patch"]["responses"]


def test_schema_is_served(db, anonymous):
    response = anonymous.get("/api/schema/")

    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "Green Bishkek API"


def _asset_urls(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', page)


def test_docs_page_uses_only_the_apps_own_static_files(db):
    page = Client().get("/api/docs/").content.decode()

    assets = _asset_urls(page)

    assert any(url.endswith("swagger-ui-bundle.js") for url in assets)
    assert all(url.startswith("/static/") for url in assets), assets
    assert all(finders.find(url.removeprefix("/static/")) for url in assets)


@pytest.mark.parametrize("asset", ["swagger-ui-bundle.js", "swagger-ui.css"])
def test_docs_assets_are_served_by_the_app(db, settings, asset):
    settings.WHITENOISE_USE_FINDERS = True  # as with DEBUG on; production serves collectstatic's copy
    url = next(url for url in _asset_urls(Client().get("/api/docs/").content.decode()) if url.endswith(asset))

    response = Client().get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:100].strip()
