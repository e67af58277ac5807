"""Browser tests: Playwright driving Debian's Chromium against the app served
by pytest-django's live server on a real PostGIS."""
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are ordinary blocking calls and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


class PageWatch:
    """Collects what a user's browser would complain about."""

    def __init__(self, page, origin):
        self.page, self.origin = page, origin
        self.console_errors, self.failed_requests = [], []
        page.on("console", self._console)
        page.on("requestfailed", lambda request: self._failed(request.url, request.failure))
        page.on("response", lambda response: response.status >= 400 and self._failed(response.url, response.status))
        page.on("pageerror", lambda error: self.console_errors.append(f"page error: {error}"))

    def _console(self, message):
        if message.type == "error":
            url = (message.location or {}).get("url", "")
            # The basemap comes from outside and is cut off in tests on purpose.
            if url.startswith(self.origin) or not url:
                self.console_errors.append(f"{message.text} at {url}")

    def _failed(self, url, why):
        # ERR_ABORTED is the browser cancelling a request it no longer needs
        # (tiles of a view the user left), not a failure of the app.
        if url.startswith(self.origin) and "ERR_ABORTED" not in str(why):
            self.failed_requests.append(f"{url}: {why}")

    def assert_clean(self):
        assert not self.console_errors, self.console_errors
        assert not self.failed_requests, self.failed_requests


def _open_page(chromium, live_server, viewport, **context_options):
    context = chromium.new_context(viewport=viewport, locale="ru-RU", **context_options)
    # A closed municipal network: nothing outside the app can be reached.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url)
                  else route.abort())
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


@pytest.fixture
def desktop(live_server, chromium):
    context, page = _open_page(chromium, live_server, DESKTOP)
    page.watch = PageWatch(page, live_server.url)
    yield page
    context.close()


@pytest.fixture
def phone(live_server, chromium):
    context, page = _open_page(chromium, live_server, PHONE, is_mobile=True, has_touch=True,
                               geolocation={"latitude": 42.8746, "longitude": 74.6122}, permissions=["geolocation"])
    page.watch = PageWatch(page, live_server.url)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
