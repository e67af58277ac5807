from __future__ import annotations

from dataclasses import dataclass

from trees.models import Channel


@dataclass(frozen=True)
class Actor:
    """Who is making a change and through which channel. Every service takes
    one as `by`, so every row it writes is attributable."""

    user: object | None
    channel: str
    ref: int | None = None  # import batch id or citizen report id

    def __post_init__(self):
        if self.channel not in Channel.values:
            raise ValueError(f"unknown channel {self.channel!r}")

    @property
    def user_id(self):
        return getattr(self.user, "pk", None)

    def stamp(self) -> dict:
        """Fields of an `Attributed` row."""
        return {"recorded_by_id": self.user_id, "channel": self.channel, "channel_ref": self.ref}


def system_actor() -> Actor:
    return Actor(user=None, channel=Channel.SYSTEM)
