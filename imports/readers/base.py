from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class SourceRow:
    """One row as the file has it. `number` is what the person sees: the
    spreadsheet row (the header is row 1) or the feature's position."""

    number: int
    values: list
    point: tuple[float, float] | None = None  # (x, y) from the geometry, in the file's CRS
    geometry_problem: str = ""


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

    def close(self) -> None:
        for step in reversed(self.cleanup):
            step()
        self.cleanup.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


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
