"""How many reports one sender may file in a window. Counted in the
database, so the limit holds across server processes; the sender is stored
only as a keyed hash of whatever identifies it (an IP address, an app key)."""
from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import connection
from django.utils import timezone

from trees.services.errors import InventoryError

DEFAULT_REPORTS_PER_WINDOW = 10
DEFAULT_WINDOW_MINUTES = 60


class RateLimited(InventoryError):
    """The sender filed as many reports as the window allows."""

    field = "client_key"

    def __init__(self, message: str, *, retry_after_seconds: int):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


def report_limit() -> tuple[int, datetime.timedelta]:
    """(reports allowed, per window) from settings.GREENMAP."""
    limits = getattr(settings, "GREENMAP", {})
    allowed = int(limits.get("REPORT_RATE_LIMIT", DEFAULT_REPORTS_PER_WINDOW))
    window = datetime.timedelta(minutes=float(limits.get("REPORT_RATE_WINDOW_MINUTES", DEFAULT_WINDOW_MINUTES)))
    return allowed, window


def client_fingerprint(client_key: str) -> str:
    """A keyed hash of the sender's key: lets us count, not identify."""
    return hmac.new(settings.SECRET_KEY.encode(), client_key.encode(), hashlib.sha256).hexdigest()


def hold_sender(fingerprint: str) -> None:
    """Make concurrent submissions from one sender wait for each other until
    the end of the current transaction (an advisory lock), so that a burst
    cannot slip past the limit and a retry sees the report it repeats."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 7311))", [fingerprint])


def check_sender_limit(fingerprint: str) -> None:
    """Raise `RateLimited` when this sender already filed the allowed number
    of reports in the window. Call after `hold_sender`, in the transaction
    that files the report."""
    from trees.models import CitizenReport

    allowed, window = report_limit()
    since = timezone.now() - window
    recent = list(CitizenReport.objects.filter(client_fingerprint=fingerprint, received_at__gte=since)
                  .order_by("received_at").values_list("received_at", flat=True)[:allowed])
    if len(recent) >= allowed:
        retry_after = max(1, int((recent[0] + window - timezone.now()).total_seconds()) + 1)
        minutes = int(window.total_seconds() // 60)
        raise RateLimited(f"too many reports from this sender: at most {allowed} in {minutes} minutes; "
                          f"try again in {retry_after} seconds", retry_after_seconds=retry_after)


def sender_key(request) -> str | None:
    """The key a web view passes as `client_key`: the connecting address, or,
    behind a reverse proxy, the header it puts the resident's address in
    (settings.GREENMAP["REPORT_CLIENT_ADDRESS_HEADER"], e.g. "HTTP_X_REAL_IP";
    only set it when a proxy you run always overwrites that header)."""
    header = getattr(settings, "GREENMAP", {}).get("REPORT_CLIENT_ADDRESS_HEADER")
    address = request.META.get(header) if header else None
    return (address or request.META.get("REMOTE_ADDR") or "").strip()[:100] or None
