"""Entity tags: a hash of the representation, so any change a reader could
see (a new condition record, a renamed species) changes the tag. `If-Match`
on a write must name the current tag, or the write is refused with 412."""
import hashlib
import json

from trees.api.errors import PreconditionFailed
from trees.api.renderers import PrebuiltJSON


def etag_of(data) -> str:
    if isinstance(data, PrebuiltJSON):
        body = data.encode()
    else:
        body = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str).encode()
    return f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'


def _listed_tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def matches(header: str | None, etag: str) -> bool:
    """Whether an If-Match / If-None-Match header names `etag` (or `*`).
    Weak tags (W/"...") never match: they cannot guard a write."""
    return bool(header) and any(tag in ("*", etag) for tag in _listed_tags(header))


def require_if_match(request, *, current_etag: str, what: str) -> bool:
    """Raise `PreconditionFailed` when the request's If-Match is stale.
    Returns whether the request carried an If-Match at all."""
    header = request.headers.get("If-Match")
    if header is None:
        return False
    if not matches(header, current_etag):
        raise PreconditionFailed(f"{what} changed since you read it (it is now {current_etag}); "
                                 "read it again and re-apply your change")
    return True
