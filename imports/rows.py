"""A file row as the inventory takes it (`StagedRow`), with the reasons
for every refusal (error: the row is rejected) and every doubt (warning:
the row is accepted). `normalize.RowNormalizer` fills it from the file."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from imports import crs

ERROR, WARNING = "error", "warning"


def message(level: str, column: str, value, text: str) -> dict:
    shown = "" if value is None else str(value)
    return {"level": level, "column": column, "value": shown[:120], "text": text}


@dataclass(slots=True)
class StagedRow:
    number: int
    messages: list = field(default_factory=list)
    source_ref: str = ""
    x: float | None = None  # as written, in `point_crs`
    y: float | None = None
    point_crs: int = crs.WGS84
    lon: float | None = None  # WGS84, once transformed
    lat: float | None = None
    swapped: tuple[float, float] | None = None  # (lon, lat) if x and y were the other way round
    species_id: int | None = None
    status: str | None = None
    planted_year: int | None = None
    trunk_diameter_cm: float | None = None
    height_m: float | None = None
    crown_diameter_m: float | None = None
    address: str = ""
    external_ids: dict = field(default_factory=dict)
    condition: str | None = None
    defects: list = field(default_factory=list)
    observed_at: datetime.datetime | None = None
    notes: str = ""
    inventory_tree_id: int | None = None

    @property
    def rejected(self) -> bool:
        return any(m["level"] == ERROR for m in self.messages)

    def error(self, column, value, text):
        self.messages.append(message(ERROR, column, value, text))

    def warn(self, column, value, text):
        self.messages.append(message(WARNING, column, value, text))


