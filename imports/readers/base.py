from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice


@dataclass
class SourceRow:
    """One row as the file has it. `number` is what the person sees: the
    spreadsheet row (the header is row 1) or the feature's position."""

    number: int
    values: list
    point: tuple[float, float] | None = None  # (x, y) from the geometry, in the file's CRS
    geometry_problem: str = ""


@dataclass
class RowChunk:
    """Consecutive rows, to be read column by column: their cells row by row
    (`values`), or already as columns when every row has as many cells
    (`columns`). `points` and `geometry_problems` are None for a chunk
    without geometry; `text_only` says every cell is a str (CSV)."""

    numbers: Sequence[int]
    values: list[Sequence] | None = None  # each row's cells, a list or a tuple
    columns: list[list] | None = None
    points: list | None = None
    geometry_problems: list[str] | None = None
    text_only: bool = False

    def __len__(self) -> int:
        return len(self.numbers)

    def row_values(self, position: int) -> list:
        if self.values is not None:
            return list(self.values[position])
        return [column[position] for column in self.columns]

    def source_row(self, position: int) -> SourceRow:
        return SourceRow(self.numbers[position], self.row_values(position),
                         self.points[position] if self.points is not None else None,
                         self.geometry_problems[position] if self.geometry_problems is not None else "")


@dataclass
class SurveySource:
    file_format: str
    headers: list[str]
    rows: Iterator[SourceRow]
    has_geometry: bool = False
    declared_crs: int | None = None  # an allowed EPSG code the file declares
    declared_crs_text: str = ""  # a declaration that is not on the allow-list
    notes: list[str] = field(default_factory=list)
    progress: Callable[[], float] = lambda: 0.0  # share of the file read, 0..1
    cleanup: list[Callable[[], None]] = field(default_factory=list)
    # A reader that can hand over rows in chunks without a SourceRow each
    # (CSV) sets this; the rows come from the same place as `rows`.
    chunk_reader: Callable[[int], Iterator[RowChunk]] | None = None

    def chunks(self, size: int) -> Iterator[RowChunk]:
        """The rows in chunks of up to `size`; use either this or `rows`."""
        if self.chunk_reader is not None:
            return self.chunk_reader(size)
        return _grouped(self.rows, size)

    def close(self) -> None:
        for step in reversed(self.cleanup):
            step()
        self.cleanup.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _grouped(rows: Iterator[SourceRow], size: int) -> Iterator[RowChunk]:
    while batch := list(islice(rows, size)):
        points = [row.point for row in batch]
        problems = [row.geometry_problem for row in batch]
        yield RowChunk(numbers=[row.number for row in batch], values=[row.values for row in batch],
                       points=points if any(point is not None for point in points) else None,
                       geometry_problems=problems if any(problems) else None)


def unique_headers(raw: list) -> list[str]:
    """Header names as text, blank ones named by position, repeats numbered."""
    seen: dict[str, int] = {}
    headers = []
    for position, value in enumerate(raw, start=1):
        name = str(value).strip() if value is not None else ""
        name = name or f"column {position}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        headers.append(name)
    return headers
