import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.browser.conftest import desktop  # noqa: F401  (the browser fixture, for the page test)
from tests.factories import east_point, make_tree, west_point
from trees import services
from trees.models import AdministrativeArea, CitizenReport
from trees.services.reports import change_report_status, file_report

HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def fresh_cache():
    """The page caches tree counts; each test starts from the database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def district_city(city, by):
    """West: a report resolved in 3 days, one open; East: one confirmed in
    5 hours. Trees: two good in the West, one dead in the East."""
    def report(point, *steps, received_days_ago=3, confirm_after=None, resolve_after=None):
        filed = file_report(location=point, category="dangerous")
        for status, fields in steps:
            change_report_status(report=filed, status=status, by=by, **fields)
        received = timezone.now() - datetime.timedelta(days=received_days_ago)
        CitizenReport.objects.filter(pk=filed.pk).update(
            received_at=received, acknowledged_at=confirm_after and received + confirm_after,
            resolved_at=resolve_after and received + resolve_after)

    report(west_point(), ("confirmed", {}), ("resolved", {"comment": "Pruned."}), received_days_ago=5,
           confirm_after=2 * HOUR, resolve_after=72 * HOUR)
    report(west_point(dx=0.001))
    report(east_point(), ("confirmed", {}), confirm_after=5 * HOUR)
    for dx in (0.002, 0.003):
        services.record_condition(tree=make_tree(west_point(dx=dx), by=by), by=by, condition="good")
    services.record_condition(tree=make_tree(east_point(dx=0.002), by=by), by=by, condition="dead")
    AdministrativeArea.objects.filter(code="west").update(name_ky="Батыш", name_en="West")
    return city
