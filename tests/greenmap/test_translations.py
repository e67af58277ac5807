"""Every message the site shows has its Russian and Kyrgyz translation: an
untranslated or fuzzy entry would show English (or a wrong guess) there."""
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "greenmap" / "locale"
ENTRY = re.compile(r'(#, fuzzy\n(?:#\|.*\n)*)?msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)')


def entries(language: str) -> list[tuple[str, str, bool]]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    joined = lambda quoted: "".join(re.findall(r'"(.*)"', quoted))  # noqa: E731
    return [(joined(msgid), joined(msgstr), bool(fuzzy)) for fuzzy, msgid, msgstr in ENTRY.findall(text)]


@pytest.mark.parametrize("language", ["ru", "ky"])
def test_every_message_is_translated(language):
    found = [entry for entry in entries(language) if entry[0]]  # the first, empty msgid is the header

    assert len(found) > 300
    assert [msgid for msgid, msgstr, _ in found if not msgstr] == []
    assert [msgid for msgid, _, fuzzy in found if fuzzy] == []
