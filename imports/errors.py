"""What can be wrong with a survey file as a whole. Row-level problems are
not exceptions: they are messages in the row's report (see `rows.py`).
Each error's `message` is a `Sentence`: English as text, and its template
and arguments for a reader of another language."""
from imports.messages import Sentence


class _SentenceError(Exception):
    """An error whose `message` is a template marked with gettext_noop,
    filled in by `args` (or a Sentence already)."""

    def __init__(self, message: str, /, **args):
        self.message = message if isinstance(message, Sentence) else Sentence(message, **args)
        super().__init__(self.message)


class SurveyFileError(_SentenceError):
    """The file cannot be imported at all (empty, wrong format, unsafe
    archive, no coordinate columns...). Nothing is written. The message says
    what is wrong and, where it can, what to do about it."""


class MappingError(SurveyFileError):
    """The column mapping (automatic or from a mapping file) cannot work."""


class CoordinateSystemError(SurveyFileError):
    """A coordinate system that is not on the allow-list, or one that does
    not fit the coordinates."""


class BatchStateError(_SentenceError):
    """The batch is not in a state that allows the requested step (commit
    twice, undo a dry run...)."""


class RowFailure(Exception):
    """A service refused a row that passed validation (the inventory
    changed in between, or a rule the checks do not know). The whole
    commit is rolled back; the message names the row."""

    def __init__(self, row_number: int, field: str | None, message: str):
        self.row_number, self.field = row_number, field
        super().__init__(f"row {row_number}: {field + ': ' if field else ''}{message}")
