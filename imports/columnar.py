"""Staging a chunk of rows column by column: the fast path for the rows that
need no message ("plain" rows), which in a real survey are nearly all.
Every other row goes through `RowNormalizer.normalize` as before, so each
error and warning still comes from one place. The COPY text is the same,
byte for byte, as `staging._line` of the rows staged one by one
(`staged_row_by_row`; tests/imports/test_columnar.py holds the two equal)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from operator import itemgetter

from imports import staging
from imports.columnar_fields import DIRECT, REFUSED, UNREAD, FieldReader, ReadColumn, as_cell
from imports.columnar_texts import TEXT_LIMITS, Pieces, copy_texts, external_ids_texts, read_texts, source_refs
from imports.columnar_points import PlacedPoints, PointReader
from imports.normalize import RowNormalizer
from imports.points import PointFinisher, point_keys
from imports.readers.base import RowChunk, SourceRow
from imports.rows import StagedRow

NULL = staging.NULL


class ColumnarStager:
    """COPY text for the staging table, one chunk of rows at a time."""

    def __init__(self, *, normalizer: RowNormalizer, finisher: PointFinisher):
        self.normalizer, self.finisher = normalizer, finisher
        self.fields, self.points = FieldReader(normalizer), PointReader(normalizer)
        self._mapped = {name: column.index for name, column in normalizer.mapping.columns.items()}
        # A field this module does not know would escape its checks here.
        self._enabled = all(self.fields.known(name) for name in self._mapped)
        self._survey_moment = None
        if normalizer.survey_date is not None:  # as RowNormalizer._dates makes it
            row = StagedRow(0)
            normalizer._dates({}, row)
            self._survey_moment = staging.iso_text(row.observed_at)

    def lines(self, chunk: RowChunk) -> str:
        if not self._enabled:
            rows = [self.normalizer.normalize(chunk.source_row(i)) for i in range(len(chunk))]
            self.finisher.finish(rows)
            return "".join(map(staging._line, rows))
        cells = self._columns(chunk)
        refusals = bytearray(len(chunk))  # 1: the row goes through RowNormalizer
        read = {name: self.fields.read(name, column) for name, column in cells.items() if name not in DIRECT}
        for column in read.values():
            if column.has(REFUSED):
                _refuse(column.rows_with(REFUSED), refusals)
        x, y, codes = self.points.read(chunk, cells, refusals)
        diameter = read.get("trunk_diameter_cm") or read.get("trunk_circumference_cm")
        self._check_species_limits(read.get("species"), diameter, 1, refusals)
        self._check_species_limits(read.get("species"), read.get("height_m"), 0, refusals)
        observed = self._observed(read, refusals)
        texts = {name: read_texts(name, cells[name]) for name in TEXT_LIMITS if name in cells}
        for flags, _ in texts.values():
            if flags is not None and REFUSED in flags:
                _refuse([i for i, flag in enumerate(flags) if flag == REFUSED], refusals)
        self._check_notes(texts.get("notes"), read.get("condition"), refusals)
        placed = self.points.place(x, y, codes, refusals)
        survey_ids, uuids = (texts[name][1] if name in texts else None for name in ("survey_id", "submission_uuid"))
        staged = self._stage_refused(chunk, refusals, placed, uuids)

        def column_texts(name: str, absent: str = NULL):
            return read[name].texts() if name in read else absent

        slots = [
            list(map(str, chunk.numbers)), "f", source_refs(survey_ids, uuids), placed.locations,
            placed.swapped_texts, str(codes) if type(codes) is int else list(map(str, codes)),
            column_texts("species"), column_texts("status"), column_texts("planted_year"),
            diameter.texts() if diameter else NULL, column_texts("height_m"), column_texts("crown_diameter_m"),
            copy_texts(texts["address"][1]) if "address" in texts else "", external_ids_texts(survey_ids, uuids),
            column_texts("condition"), column_texts("defects", "{}"), observed,
            copy_texts(texts["notes"][1]) if "notes" in texts else "", column_texts("inventory_tree_id"), "[]",
        ]
        return _joined(slots, len(chunk), staged)

    def _columns(self, chunk: RowChunk) -> dict[str, list]:
        rows, indices = chunk.values, list(self._mapped.values())
        if not indices:
            return {}
        if chunk.columns is not None:  # cells beyond a row's end are empty, as RowNormalizer reads them
            missing = [None] * len(chunk)
            return {name: chunk.columns[index] if index < len(chunk.columns) else missing
                    for name, index in self._mapped.items()}
        width = max(indices) + 1
        if min(map(len, rows)) < width:  # a short row's missing cells are empty, as RowNormalizer reads them
            rows = [row if len(row) >= width else [*row, *([None] * (width - len(row)))] for row in rows]
        columns = [list(map(itemgetter(index), rows)) for index in indices]
        if not chunk.text_only:
            columns = [list(map(as_cell, column)) for column in columns]
        return dict(zip(self._mapped, columns))

    def _check_species_limits(self, species: ReadColumn | None, sizes: ReadColumn | None, which: int,
                              refusals: bytearray) -> None:
        """Sizes against the species' own limit (RowNormalizer._size_problem);
        one comparison when the chunk's largest size is within every limit."""
        if species is None or sizes is None:
            return
        limits = [self.normalizer.species.limits[s][which] for s in species.distinct_values() if s is not None]
        limits = [limit for limit in limits if limit is not None]
        if not limits or max(filter(None, sizes.distinct_values()), default=0.0) <= min(limits):
            return
        name = "trunk_diameter_cm" if which else "height_m"
        for i, (species_id, size) in enumerate(zip(species.values(), sizes.values())):
            if species_id is not None and size is not None and self.normalizer._size_problem(name, size, species_id):
                refusals[i] = 1

    def _observed(self, read: dict, refusals: bytearray) -> list | str:
        """observed_at's COPY text per row, as RowNormalizer._dates chooses:
        its own date, else the submission time, else the survey date; a
        condition needs one."""
        own, submitted = read.get("observed_at"), read.get("submission_time")
        condition = read.get("condition")
        if own is None and submitted is None:
            if self._survey_moment is None and condition is not None:
                _refuse([i for i, word in enumerate(condition.values()) if word is not None], refusals)
            return self._survey_moment or NULL
        if own is not None and submitted is not None:
            flags, moments = [result[0] for result in own.results.values()], own.distinct_values()
            if any(flags) or None in moments:  # some rows fall back on the submission time
                chosen = [mine if mine[0] or mine[1] is not None else theirs
                          for mine, theirs in zip(map(own.results.__getitem__, own.cells),
                                                  map(submitted.results.__getitem__, submitted.cells))]
                own = ReadColumn(list(range(len(chosen))), dict(enumerate(chosen)))
        found = own if own is not None else submitted
        if found.has(UNREAD):
            _refuse(found.rows_with(UNREAD), refusals)
        if None not in found.distinct_values():
            return found.texts()
        if self._survey_moment is not None:
            return [text if moment is not None else self._survey_moment
                    for moment, text in zip(found.values(), found.texts())]
        if condition is not None:
            _refuse([i for i, (moment, word) in enumerate(zip(found.values(), condition.values()))
                     if word is not None and moment is None], refusals)
        return found.texts()

    def _check_notes(self, notes, condition: ReadColumn | None, refusals: bytearray) -> None:
        # Notes without a condition are a warning (they are left out).
        if notes is None or not any(notes[1]):
            return
        words = condition.values() if condition is not None else [None] * len(refusals)
        _refuse([i for i, (note, word) in enumerate(zip(notes[1], words)) if note and word is None], refusals)

    def _stage_refused(self, chunk: RowChunk, refusals: bytearray, placed: PlacedPoints, uuids) -> dict:
        """StagedRows for the rows that are not plain and for plain rows
        repeating an earlier point or submission, with their messages."""
        normalize, finisher = self.normalizer.normalize, self.finisher
        staged = [None] * len(chunk)
        if any(refusals):
            for i in [i for i, refused_row in enumerate(refusals) if refused_row]:
                staged[i] = normalize(chunk.source_row(i))
            finisher.transform([row for row in staged if row is not None])
        keys = point_keys(placed.lon, placed.lat)
        for i in finisher.claim_in_order(chunk.numbers, staged, uuids, keys):
            row = staged[i] = normalize(chunk.source_row(i))
            row.lon, row.lat = float(placed.lon[i]), float(placed.lat[i])
            if placed.swapped_usable[i]:
                row.swapped = (float(placed.swapped_lon[i]), float(placed.swapped_lat[i]))
            finisher.flag_repeats(row)
        return {i: row for i, row in enumerate(staged) if row is not None}


def staged_row_by_row(rows: Iterable[SourceRow], *, normalizer: RowNormalizer, finisher: PointFinisher,
                      chunk_size: int = 5000) -> Iterator[StagedRow]:
    """Every row through RowNormalizer, points finished a chunk at a time:
    the reference the columnar path must match."""
    chunk = []
    for row in rows:
        chunk.append(normalizer.normalize(row))
        if len(chunk) == chunk_size:
            finisher.finish(chunk)
            yield from chunk
            chunk = []
    finisher.finish(chunk)
    yield from chunk


def _refuse(positions: list[int], refusals: bytearray) -> None:
    for i in positions:
        refusals[i] = 1


def _joined(slots: list, size: int, staged: dict) -> str:
    """The chunk's COPY text: constant text merged, every row's pieces laid
    out in one list and joined once; a staged row's line replaces its
    pieces."""
    pieces, constant = [], ""
    for position, slot in enumerate(slots):
        constant += "\t" if position else ""
        for part in slot if type(slot) is Pieces else (slot,):
            if type(part) is str:
                constant += part
            else:
                if constant:
                    pieces.append(constant)
                pieces.append(part)
                constant = ""
    pieces.append(constant + "\n")
    width = len(pieces)
    laid_out = [""] * (size * width)
    for position, piece in enumerate(pieces):
        laid_out[position::width] = [piece] * size if type(piece) is str else piece
    blank = [""] * (width - 1)
    for i, row in staged.items():
        laid_out[i * width] = staging._line(row)
        laid_out[i * width + 1:(i + 1) * width] = blank
    return "".join(laid_out)
