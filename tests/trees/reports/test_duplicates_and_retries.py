"""Likely duplicates, retried submissions and the per-sender rate limit,
including submissions racing each other on separate connections."""
import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from tests import factories
from tests.factories import make_tree, west_point
from trees.models import CitizenReport
from trees.services.rate_limits import RateLimited
from trees.services.reports import change_report_status, file_report

METRE = 1 / 111_320


def test_open_report_of_the_same_category_close_by_is_a_likely_duplicate(file_at):
    first = file_at(west_point(), category="dangerous")

    second = file_at(west_point(dy=6 * METRE), category="dangerous")
    third = file_at(west_point(dy=-6 * METRE), category="dangerous")

    assert second.likely_duplicate_of == first
    # Linked to the original, not to another duplicate of it.
    assert third.likely_duplicate_of == first


def test_other_category_far_away_old_or_closed_reports_are_not_duplicates(file_at, by):
    file_at(west_point(), category="sick")
    file_at(west_point(dx=0.001), category="dangerous")
    old = file_at(west_point(dx=0.002), category="dangerous")
    CitizenReport.objects.filter(pk=old.pk).update(received_at=timezone.now() - datetime.timedelta(days=30))
    closed = file_at(west_point(dx=0.003), category="dangerous")
    change_report_status(report=closed, status="rejected", reason="not_responsible", by=by)

    other_category = file_at(west_point(), category="dangerous")
    forty_metres_away = file_at(west_point(dx=0.001, dy=40 * METRE), category="dangerous")
    after_old = file_at(west_point(dx=0.002), category="dangerous")
    after_closed = file_at(west_point(dx=0.003), category="dangerous")

    for report in (other_category, forty_metres_away, after_old, after_closed):
        assert report.likely_duplicate_of is None


def test_reports_about_the_same_tree_are_duplicates_even_when_pinned_apart(file_at, by):
    tree = make_tree(west_point(), by=by)
    first = file_at(west_point(dy=2 * METRE), category="dead")

    second = file_at(west_point(dy=60 * METRE), category="dead", tree=tree)

    assert first.tree == tree
    assert second.likely_duplicate_of == first


def test_retried_submission_with_the_same_key_creates_one_report(file_at):
    first = file_at(description="branch on the road", idempotency_key="phone-7f3a-0001")

    again = file_at(description="branch on the road", idempotency_key="phone-7f3a-0001")

    assert again.pk == first.pk
    assert CitizenReport.objects.count() == 1
    assert first.status_events.count() == 1


def test_too_many_reports_from_one_sender_are_refused_with_a_retry_time(file_at, settings):
    settings.GREENMAP = {**settings.GREENMAP, "REPORT_RATE_LIMIT": 3, "REPORT_RATE_WINDOW_MINUTES": 60}
    for number in range(3):
        file_at(west_point(dx=number * 0.001), client_key="203.0.113.5")

    with pytest.raises(RateLimited, match="at most 3 in 60 minutes") as error:
        file_at(west_point(dx=0.01), client_key="203.0.113.5")

    assert 3500 < error.value.retry_after_seconds <= 3601
    assert error.value.field == "client_key"
    assert CitizenReport.objects.count() == 3
    assert file_at(client_key="198.51.100.7").pk  # another sender is not affected


def test_retries_do_not_count_against_the_limit_and_the_window_slides(file_at, settings):
    settings.GREENMAP = {**settings.GREENMAP, "REPORT_RATE_LIMIT": 2, "REPORT_RATE_WINDOW_MINUTES": 10}
    first = file_at(client_key="203.0.113.5", idempotency_key="retry-key-0001")
    file_at(client_key="203.0.113.5", idempotency_key="retry-key-0001")
    file_at(west_point(dx=0.001), client_key="203.0.113.5")
    with pytest.raises(RateLimited):
        file_at(west_point(dx=0.002), client_key="203.0.113.5")

    CitizenReport.objects.filter(pk=first.pk).update(received_at=timezone.now() - datetime.timedelta(minutes=11))

    assert file_at(west_point(dx=0.003), client_key="203.0.113.5").pk


def test_the_sender_is_stored_only_as_a_keyed_hash(file_at):
    report = file_at(client_key="203.0.113.5")

    assert report.client_fingerprint and "203.0.113.5" not in report.client_fingerprint
    assert len(report.client_fingerprint) == 64


def _race(count, submit):
    """Run `submit(i)` on `count` threads started together; each thread has
    its own database connection, as server workers do."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(i):
        try:
            barrier.wait()
            outcomes[i] = submit(i)
        except Exception as error:  # the outcome under test
            outcomes[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def committed_city(transactional_db, media_root):
    return factories.make_city()


def test_the_same_submission_racing_itself_is_stored_once(committed_city):
    outcomes = _race(6, lambda i: file_report(location=west_point(), category="dead", description="racing",
                                              idempotency_key="flaky-network-42"))

    assert all(isinstance(o, CitizenReport) for o in outcomes), outcomes
    assert len({o.pk for o in outcomes}) == 1
    assert CitizenReport.objects.filter(idempotency_key="flaky-network-42").count() == 1


def test_a_burst_from_one_sender_cannot_slip_past_the_limit(committed_city, settings):
    settings.GREENMAP = {**settings.GREENMAP, "REPORT_RATE_LIMIT": 4}

    outcomes = _race(10, lambda i: file_report(location=west_point(dx=i * 0.001), category="sick",
                                               client_key="192.0.2.44"))

    accepted = [o for o in outcomes if isinstance(o, CitizenReport)]
    refused = [o for o in outcomes if isinstance(o, RateLimited)]
    assert (len(accepted), len(refused)) == (4, 6), outcomes
    assert CitizenReport.objects.count() == 4


def test_losing_retries_take_their_photo_files_back(committed_city, media_root):
    from tests.trees.reports.photos import jpeg_with_gps

    outcomes = _race(4, lambda i: file_report(location=west_point(), category="dead", photo=jpeg_with_gps(),
                                              idempotency_key="flaky-network-photo"))

    report = CitizenReport.objects.get(idempotency_key="flaky-network-photo")
    assert {o.pk for o in outcomes} == {report.pk}
    stored = sorted(p.name for p in media_root.rglob("*.jpg"))
    assert stored == sorted([f"{report.tracking_code}.jpg", f"{report.tracking_code}-thumb.jpg"])


def test_retries_racing_at_the_senders_limit_get_the_report_not_a_refusal(committed_city, settings):
    settings.GREENMAP = {**settings.GREENMAP, "REPORT_RATE_LIMIT": 2}
    file_report(location=west_point(dx=0.01), category="sick", client_key="192.0.2.9")

    outcomes = _race(5, lambda i: file_report(location=west_point(), category="dead", client_key="192.0.2.9",
                                              idempotency_key="last-slot-retry"))

    assert all(isinstance(o, CitizenReport) for o in outcomes), outcomes
    assert len({o.pk for o in outcomes}) == 1
    assert CitizenReport.objects.count() == 2
