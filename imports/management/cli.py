"""What the import commands share: the user an action is attributed to,
and a progress bar over the stages `imports.services.Stage` names."""
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def user_named(username: str | None):
    """The user called `username`, or None when no name is given."""
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"there is no user {username!r}") from None


class ProgressBar:
    """tqdm over the stages of an import or undo; reading shows the share of the file."""

    def __init__(self, *, enabled: bool, stream):
        self.enabled, self.stream, self.bar, self.stage = enabled, stream, None, None

    def __enter__(self):
        return self

    def __call__(self, stage: str, fraction: float) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if stage != self.stage:
            self._close()
            self.stage = stage
            self.bar = tqdm(total=100, desc=stage, unit="%", file=self.stream._out, leave=True,
                            bar_format="{desc:>30}: {percentage:3.0f}%|{bar}| {elapsed}")
        self.bar.n = round(fraction * 100)
        self.bar.refresh()

    def _close(self):
        if self.bar is not None:
            self.bar.n = 100
            self.bar.close()

    def __exit__(self, *exc):
        self._close()
