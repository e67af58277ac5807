"""Sentences a person reads about an import (row messages, file errors and
notes, a batch's failure, undo conflicts), kept as their English template
(a msgid marked with gettext_noop) and its arguments, so that each can be
shown in the reader's language. Each template is one whole sentence:
Russian and Kyrgyz order the words differently, so pieces translated
apart and glued together would read wrong. The English text is kept too:
old batches have only that, and the command line shows it."""
from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext


class Sentence(str):
    """English text that remembers the template and arguments it was made
    from. Being a str it goes wherever text went (exceptions, notes,
    comparisons in tests); `as_json` keeps what a translation needs. An
    argument may itself be a Sentence (a format's name, say), or a list of
    them (shown joined by commas), translated with the rest."""

    msgid: str
    args: dict

    def __new__(cls, msgid: str, **args):
        stored = {name: _stored(value) for name, value in args.items()}
        sentence = super().__new__(cls, msgid % _english(stored))
        sentence.msgid, sentence.args = msgid, stored
        return sentence

    def as_json(self) -> dict:
        return {"text": str(self), "msgid": self.msgid, "args": self.args}


def choice_label(label) -> Sentence:
    """A model choice's label (a lazy translation) as an argument of a
    Sentence: its msgid is its English text, as the English catalogue
    leaves every msgid as it is."""
    with translation.override("en"):
        return Sentence(str(label))


def stored(text) -> dict | str:
    """What to keep in a JSON field: a Sentence's template and arguments
    with its English text; other text as it is."""
    return text.as_json() if isinstance(text, Sentence) else str(text)


def shown(text) -> str:
    """A sentence in the active language: a Sentence, or one stored as JSON,
    translated and filled in. Text stored before sentences kept their
    template (a str, or a dict with `text` only) is shown as written."""
    if isinstance(text, Sentence):
        text = text.as_json()
    if not isinstance(text, dict):
        return "" if text is None else str(text)
    msgid = text.get("msgid")
    if not msgid:
        return text.get("text", "")
    args = {name: _shown_argument(value) for name, value in text.get("args", {}).items()}
    try:
        return gettext(msgid) % args
    except (KeyError, TypeError, ValueError):  # a translation naming an argument wrongly: English rather than nothing
        return text.get("text") or msgid


def english(text) -> str:
    """A stored sentence as English text (what the command line shows)."""
    return text.get("text", "") if isinstance(text, dict) else str(text)


def _shown_argument(value):
    if isinstance(value, list):
        return ", ".join(map(shown, value))
    return shown(value) if isinstance(value, dict) else value


def _stored(value):
    if isinstance(value, (list, tuple)):
        return [_stored(item) for item in value]
    if isinstance(value, Sentence):
        return value.as_json()
    if value is None:
        return ""
    if isinstance(value, str):
        return str(value)
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def _english(args: dict) -> dict:
    return {name: _english_argument(value) for name, value in args.items()}


def _english_argument(value):
    if isinstance(value, list):
        return ", ".join(map(str, map(_english_argument, value)))
    return value["text"] if isinstance(value, dict) else value
