"""Text columns with few repeats (ids, addresses, notes) for `columnar`,
read as values.text reads what RowNormalizer kept of a cell, and the COPY
text of a row's external ids and source reference."""
from __future__ import annotations

import re
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) quotes strings with

from imports import staging, values
from imports.columnar_fields import PLAIN, REFUSED, clean, refused
from imports.normalize import ADDRESS_MAX, ID_MAX, NOTES_MAX

TEXT_LIMITS = {"address": ADDRESS_MAX, "notes": NOTES_MAX, "survey_id": ID_MAX, "submission_uuid": ID_MAX}
# What json's encode_basestring escapes; without any, it only adds quotes.
_JSON_ESCAPED = re.compile(r'[\x00-\x1f\\"]').search
_FORMULA_START_IN_LINES = re.compile(r"\n[=@+\-]").search


def read_texts(name: str, column) -> tuple[list[int] | None, list[str]]:
    """The trimmed text of each cell ('' for none), and flags (None when
    all are PLAIN), as values.text reads a cell RowNormalizer kept."""
    limit = TEXT_LIMITS[name]
    try:
        trimmed = list(map(str.strip, column))
    except TypeError:  # None or a number: the careful way
        trimmed = None
    if (trimmed is not None and max(map(len, trimmed), default=0) <= limit
            and not _FORMULA_START_IN_LINES("\n" + "\n".join(trimmed))):
        return None, trimmed
    flags, texts = [], []
    for cell in column:
        value, flag = clean(cell), PLAIN
        if value is None:
            value = ""
        elif refused(value):
            value, flag = "", REFUSED
        else:
            try:
                value = values.text(value, max_length=limit)
            except values.BadValue:
                value, flag = "", REFUSED
        flags.append(flag)
        texts.append(value)
    return flags, texts


def source_refs(survey_ids: list[str] | None, uuids: list[str] | None) -> list[str] | str:
    """Each row's source_ref, escaped for COPY: its survey id, else its submission."""
    if survey_ids is None and uuids is None:
        return ""
    refs = survey_ids if uuids is None else uuids if survey_ids is None else [
        s or u for s, u in zip(survey_ids, uuids)]
    return copy_texts(refs)


class Pieces(tuple):
    """One COPY column written as several pieces per row: constant text and
    per-row lists, laid out by columnar._joined without joining each row."""


def external_ids_texts(survey_ids: list[str] | None, uuids: list[str] | None) -> list[str] | str | Pieces:
    """staging's text of each row's external_ids, as json.dumps writes
    {"survey_id": ..., "submission_uuid": ...}, then escaped for COPY."""
    if survey_ids is None and uuids is None:
        return "{}"
    if uuids is None and "" not in survey_ids and not _JSON_ESCAPED("".join(survey_ids)):
        return Pieces(('{"survey_id": "', survey_ids, '"}'))  # nothing to escape, for JSON or COPY
    if uuids is None:
        texts = ['{"survey_id": ' + encode_basestring(s) + "}" if s else "{}" for s in survey_ids]
    elif survey_ids is None:
        texts = ['{"submission_uuid": ' + encode_basestring(u) + "}" if u else "{}" for u in uuids]
    else:
        texts = [_both_ids(s, u) for s, u in zip(survey_ids, uuids)]
    return copy_texts(texts)


def _both_ids(survey_id: str, uuid: str) -> str:
    if survey_id and uuid:
        return '{"survey_id": ' + encode_basestring(survey_id) + ', "submission_uuid": ' + encode_basestring(uuid) + "}"
    if survey_id:
        return '{"survey_id": ' + encode_basestring(survey_id) + "}"
    return '{"submission_uuid": ' + encode_basestring(uuid) + "}" if uuid else "{}"


def copy_texts(texts: list[str]) -> list[str]:
    """staging.copy_text for a whole column; one search when none needs it."""
    if staging.needs_escape("".join(texts)):
        return list(map(staging.copy_text, texts))
    return texts
