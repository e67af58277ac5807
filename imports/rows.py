"""A file row as the inventory takes it (`StagedRow`), with the reasons
for every refusal (error: the row is rejected) and every doubt (warning:
the row is accepted). `normalize.RowNormalizer` fills it from the file."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from imports import crs
from imports.messages import Sentence

ERROR, WARNING = "error", "warning"


def message(level: str, column: str, value, text: str, /, **args) -> dict:
    """A row's message. `text` is a sentence template marked with
    gettext_noop and `args` fill it in, or `text` is a Sentence already;
    the English text is stored with the template and its arguments
    (see `imports.messages`)."""
    sentence = text if isinstance(text, Sentence) else Sentence(text, **args)
    shown = "" if value is None else str(value)
    return {"level": level, "column": column, "value": shown[:120], "text": str(sentence),
            "msgid": sentence.msgid, "args": sentence.args}


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

    def error(self, column, value, text, /, **args):
        self.messages.append(message(ERROR, column, value, text, **args))

    def warn(self, column, value, text, /, **args):
        self.messages.append(message(WARNING, column, value, text, **args))


