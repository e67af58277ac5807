"""Import messages keep their sentence template and arguments beside the
English text, so that each reader sees them in their own language; text
stored before that is shown as it was written."""
import ast
from pathlib import Path

import pytest
from django.utils import translation

from imports import values
from imports.messages import Sentence, english, shown
from imports.rows import ERROR, message
from tests.greenmap.test_translations import entries

IMPORTS = Path(__file__).resolve().parents[2] / "imports"


def test_a_row_message_keeps_the_english_text_with_its_template_and_arguments():
    with pytest.raises(values.BadValue) as refused:
        values.number("74,6x")

    stored = message(ERROR, "lon", "74,6x", refused.value.sentence)

    assert stored == {"level": "error", "column": "lon", "value": "74,6x", "text": "74,6x is not a number",
                      "msgid": "%(value)s is not a number", "args": {"value": "74,6x"}}
    with translation.override("ru"):
        assert shown(stored) == "74,6x — не число"
    with translation.override("ky"):
        assert shown(stored) == "74,6x сан эмес"
    with translation.override("en"):
        assert shown(stored) == "74,6x is not a number"


def test_a_sentence_naming_another_translates_both():
    kind = Sentence("an Excel workbook (XLSX)")
    sentence = Sentence("%(file)s is %(kind)s despite its name; rename it to match or export it again as "
                        "%(expected)s", file="опрос.csv", kind=kind, expected=Sentence("CSV text"))

    assert sentence == ("опрос.csv is an Excel workbook (XLSX) despite its name; rename it to match or export it "
                        "again as CSV text")
    with translation.override("ru"):
        assert shown(sentence.as_json()) == ("опрос.csv по содержимому — это книга Excel (XLSX), хотя имя говорит "
                                             "другое; переименуйте файл или экспортируйте его заново в нужном "
                                             "формате (текст CSV)")


def test_text_stored_before_templates_is_shown_as_written():
    old_message = {"level": "error", "column": "lon", "value": "x", "text": "x is not a number"}

    with translation.override("ru"):
        assert shown(old_message) == "x is not a number"
        assert shown("columns used: 'lat' → y") == "columns used: 'lat' → y"
    assert english(old_message) == "x is not a number"


def _templates_in_imports() -> set[str]:
    """Every gettext_noop("...") in the imports package."""
    found = set()
    for path in IMPORTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "gettext_noop"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("language", ["ru", "ky"])
def test_every_import_template_has_a_russian_and_kyrgyz_translation(language):
    translated = {msgid for msgid, msgstr, fuzzy in entries(language) if msgstr and not fuzzy}
    templates = _templates_in_imports()

    assert len(templates) > 100
    assert sorted(t for t in templates if t.replace("\\", "\\\\").replace('"', '\\"') not in translated) == []
