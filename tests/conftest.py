import pytest

from tests import factories


def pytest_collection_modifyitems(items):
    """Every transactional test (live server, browser, concurrency) starts
    from the migrated database, seeded species and permissions included:
    their teardown empties every table, and mixing serialized and plain
    flushes makes the next test trip over recreated content types."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = ({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
                         or (marker is not None and marker.kwargs.get("transaction")))
        if transactional and not (marker is not None and marker.kwargs.get("serialized_rollback")):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)


@pytest.fixture(autouse=True)
def _english_unless_asked(settings):
    """Messages are asserted in English; a test that checks another language
    asks for it (Accept-Language, or the browser's locale)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def chromium(transactional_db):
    """Debian's Chromium driven by Playwright, one per test. Not shared: while
    Playwright's sync API runs, an asyncio loop runs in this thread and
    Django hands out other connection objects, which would skip the next
    test's database restore. Depending on transactional_db first means the
    database is restored before the loop starts."""
    import os

    from playwright.sync_api import sync_playwright

    from tests.benchmarks.bench_map import CHROMIUM_ARGS

    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the tests make around it are ordinary blocking calls and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
        # The connections the test opened while the loop ran belong to the loop's
        # context: closed here, or they outlive the test database's teardown.
        from django.db import connections
        connections.close_all()


@pytest.fixture
def city(db):
    return factories.make_city()


@pytest.fixture
def gardener(db):
    return factories.make_user("gardener1", role="gardener")


@pytest.fixture
def by(gardener):
    return factories.actor(gardener)
