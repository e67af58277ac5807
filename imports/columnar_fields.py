"""Reading one mapped column of a chunk at once, for `columnar`. Surveys
repeat species, sizes, words and dates, so each distinct cell is read once,
by `RowNormalizer`'s own methods on a scratch row: what a cell means is
decided in one place. A cell that would give its row any message, or that
is not text, marks the row for the row-by-row path instead."""
from __future__ import annotations

import datetime

from imports import staging, values
from imports.normalize import RowNormalizer, formula_like
from imports.rows import StagedRow

# A cell's flag: PLAIN needs no message; REFUSED gives its row one;
# UNREAD is a date that cannot be read, which matters only if it is the date used.
PLAIN, REFUSED, UNREAD = 0, 1, 2
NOT_TEXT = object()  # stands for a cell that is neither text nor one of _TYPED
_TYPED = (int, float, datetime.datetime, datetime.date)  # not bool: values.number refuses it
_FORMULA = object()
_CACHE_SIZE = 20_000
SIZES = ("trunk_diameter_cm", "trunk_circumference_cm", "height_m", "crown_diameter_m")
DATES = ("observed_at", "submission_time")
# Read cell by cell (few repeats): columnar_points and columnar_texts.
DIRECT = frozenset({"x", "y", "geolocation", "address", "notes", "survey_id", "submission_uuid"})


class TypedCell(tuple):
    """(type, value) for a number or date cell (a workbook's, a GeoJSON
    property): as keys, 1, 1.0 and True would be one and the same."""


def as_cell(value):
    """A cell of a file that is not all text, as the columns hold it."""
    if value is None or type(value) is str:
        return value
    return TypedCell((type(value), value)) if type(value) in _TYPED else NOT_TEXT


def clean(cell):
    """As RowNormalizer.normalize reads a cell: None when empty, _FORMULA
    when refused (a formula, or something left to it), else the trimmed
    text or the typed value."""
    if cell is None or cell == "":
        return None
    if type(cell) is str:
        value = cell.strip()
        if not value:
            return None
        return _FORMULA if formula_like(value) else value
    return cell[1] if type(cell) is TypedCell else _FORMULA


def refused(cleaned) -> bool:
    return cleaned is _FORMULA


class FieldReader:
    """Cell readers for each field, with a cache per field of
    cell -> (flag, value, COPY text)."""

    def __init__(self, normalizer: RowNormalizer):
        self.normalizer = normalizer
        self._caches: dict[str, dict] = {}
        self._readers = {"species": self._species, "planted_year": self._planted_year,
                         "condition": self._word, "status": self._word, "defects": self._defects,
                         "precision": self._precision, "inventory_tree_id": self._inventory_tree_id,
                         **{name: self._size for name in SIZES}, **{name: self._date for name in DATES}}

    def known(self, name: str) -> bool:
        return name in self._readers or name in DIRECT or name == "altitude"

    def read(self, name: str, column: list) -> ReadColumn:
        """A cached field's column; each distinct cell read once."""
        cache, read_cell, results = self._caches.setdefault(name, {}), self._readers.get(name, _unused), {}
        for cell in set(column):
            result = cache.get(cell)
            if result is None:
                result = read_cell(name, cell)
                if len(cache) < _CACHE_SIZE:
                    cache[cell] = result
            results[cell] = result
        return ReadColumn(column, results)

    def _species(self, name, cell):
        value = clean(cell)
        if value is None or value is _FORMULA:
            return _REFUSED  # a mapped species column left empty is a warning
        row = self._scratch()
        self.normalizer._species({name: value}, row)
        return _REFUSED if row.messages else (PLAIN, row.species_id, str(row.species_id))

    def _size(self, name, cell):
        value = clean(cell)
        if value is None:
            return _ABSENT
        if value is _FORMULA:
            return _REFUSED
        row = self._scratch()  # no species yet: `columnar` checks the species' limits per row
        self.normalizer._sizes({name: value}, row)
        size = row.trunk_diameter_cm if name == "trunk_circumference_cm" else getattr(row, name)
        return _REFUSED if row.messages else (PLAIN, size, staging.number_text(size))

    def _planted_year(self, name, cell):
        return self._with_scratch(name, cell, self.normalizer._sizes)

    def _word(self, name, cell):
        return self._with_scratch(name, cell, self.normalizer._vocabulary)

    def _inventory_tree_id(self, name, cell):
        return self._with_scratch(name, cell, self.normalizer._texts)

    def _with_scratch(self, name, cell, read_into):
        value = clean(cell)
        if value is None:
            return _ABSENT
        if value is _FORMULA:
            return _REFUSED
        row = self._scratch()
        read_into({name: value}, row)
        found = getattr(row, name)
        return _REFUSED if row.messages else (PLAIN, found, staging.value_text(found))

    def _defects(self, name, cell):
        value = clean(cell)
        if value is None:
            return (PLAIN, [], "{}")
        if value is _FORMULA:
            return _REFUSED
        row = self._scratch()
        self.normalizer._vocabulary({name: value}, row)
        return _REFUSED if row.messages else (PLAIN, row.defects, staging.defects_text(row.defects))

    def _date(self, name, cell):
        value = clean(cell)
        if value is None:
            return _ABSENT
        if value is _FORMULA:
            return _REFUSED
        try:
            moment = self.normalizer._moment(value)
        except values.BadValue:
            return (UNREAD, None, None)
        return (PLAIN, moment, staging.iso_text(moment))

    def _precision(self, name, cell):
        value = clean(cell)
        if value is _FORMULA:
            return _REFUSED
        if value is None:
            return _ABSENT
        row = self._scratch()
        self.normalizer._precision({name: value}, row)
        return _REFUSED if row.messages else _ABSENT

    @staticmethod
    def _scratch() -> StagedRow:
        return StagedRow(0)

    # Coordinates: few repeats.

    @staticmethod
    def numbers(column) -> list[float] | None:
        """Floats for a column whose every cell is a plain number ('74.61',
        '-3', '5.'), or None when some cell needs a closer look. For text of
        only ASCII digits, '.' and '-', float() accepts what RowNormalizer
        reads and gives the same value; a cell with a line break inside is
        refused by float()."""
        try:
            joined = "\n".join(column).encode("ascii")
        except (TypeError, UnicodeEncodeError):
            return None
        if joined.translate(None, b"0123456789.-\n"):  # some other character
            return None
        try:
            return list(map(float, column))
        except ValueError:
            return None

class ReadColumn:
    """A column's cells and, for each distinct cell, (flag, value, text);
    per-row lists are made only when asked for."""

    def __init__(self, cells: list, results: dict):
        self.cells, self.results = cells, results

    def has(self, flag: int) -> bool:
        return any(result[0] == flag for result in self.results.values())

    def rows_with(self, flag: int) -> list[int]:
        hits = {cell for cell, result in self.results.items() if result[0] == flag}
        return [i for i, cell in enumerate(self.cells) if cell in hits]

    def distinct_values(self) -> list:
        return [result[1] for result in self.results.values()]

    def values(self) -> list:
        return self._part(1)

    def texts(self) -> list:
        return self._part(2)

    def _part(self, part: int) -> list:
        if len(self.results) == 1:
            return [next(iter(self.results.values()))[part]] * len(self.cells)
        found = {cell: result[part] for cell, result in self.results.items()}
        return list(map(found.__getitem__, self.cells))


def _unused(name, cell):
    # A mapped column RowNormalizer only checks for formulas (altitude).
    return _REFUSED if clean(cell) is _FORMULA else _ABSENT


_REFUSED = (REFUSED, None, None)
_ABSENT = (PLAIN, None, staging.NULL)
