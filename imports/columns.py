"""Which column of the file feeds which field: matched automatically from
common English, Russian and Kyrgyz headers (KoBo and ODK group prefixes
such as `group_tree/species` or `grp-location-Latitude` are looked
through), and overridable by a saved mapping file."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_noop

from imports.errors import MappingError
from imports.messages import Sentence
from imports.vocabulary import FIELD_SYNONYMS, FIELDS, HEADER_ALIASES, UNITS, normalize

MAPPING_FILE_LIMIT_BYTES = 64 * 1024
# Short aliases (x, h, d, no...) count only as the whole header, never as
# the tail of a longer one ("crown d" is not a trunk diameter).
_MIN_TAIL_ALIAS = 3


@dataclass
class Column:
    header: str
    index: int
    factor: float = 1.0  # from a unit word closing the header, e.g. 'Диаметр, мм'


@dataclass
class ColumnMapping:
    """field -> the column feeding it, plus what was decided and why."""

    columns: dict[str, Column] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    notes: list[Sentence] = field(default_factory=list)

    def as_options(self) -> dict:
        return {name: column.header for name, column in self.columns.items()}

    @property
    def has_xy(self) -> bool:
        return "x" in self.columns and "y" in self.columns


@dataclass
class MappingFile:
    """A saved mapping: {"columns": {"Header": "field" or null}, "crs": "EPSG:32643"}."""

    columns: dict[str, str | None]
    crs: str | None = None


def load_mapping_file(path) -> MappingFile:
    path = Path(path)
    if not path.is_file():
        raise MappingError(gettext_noop("mapping file %(file)s does not exist"), file=path.name)
    if path.stat().st_size > MAPPING_FILE_LIMIT_BYTES:
        raise MappingError(gettext_noop("mapping file %(file)s is larger than %(most)s KB"), file=path.name,
                           most=MAPPING_FILE_LIMIT_BYTES // 1024)
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise MappingError(gettext_noop("mapping file %(file)s is not valid JSON (%(error)s)"), file=path.name,
                           error=error) from None
    return parse_mapping(data, source=path.name)


def parse_mapping(data, *, source: str = "mapping") -> MappingFile:
    if not isinstance(data, dict) or not isinstance(data.get("columns", {}), dict):
        raise MappingError(gettext_noop('%(source)s: expected {"columns": {"header in the file": "field"}}'),
                           source=source)
    unknown_keys = set(data) - {"columns", "crs"}
    if unknown_keys:
        raise MappingError(gettext_noop("%(source)s: unknown key(s) %(keys)s; use columns and crs"), source=source,
                           keys=", ".join(sorted(unknown_keys)))
    columns = {}
    for header, target in data.get("columns", {}).items():
        if target in (None, ""):
            columns[str(header)] = None
            continue
        name = FIELD_SYNONYMS.get(str(target), str(target))
        if name not in FIELDS:
            raise MappingError(gettext_noop("%(source)s: column %(header)s is mapped to %(target)s, which is not a "
                                            "field; fields are %(fields)s"), source=source, header=repr(header),
                               target=repr(target), fields=", ".join(field_names()))
        columns[str(header)] = name
    crs = data.get("crs")
    return MappingFile(columns=columns, crs=str(crs) if crs else None)


def field_names() -> list[str]:
    return ["longitude (x)", "latitude (y)", *[name for name in FIELDS if name not in ("x", "y")]]


def resolve(headers: list[str], mapping: MappingFile | None = None) -> ColumnMapping:
    """Decide which column feeds each field. Explicit mapping first; then,
    for the other columns, the closest alias match (a whole header beats a
    header whose group prefix had to be dropped)."""
    result = ColumnMapping()
    explicit = mapping.columns if mapping else {}
    missing = [header for header in explicit if header not in headers]
    if missing:
        raise MappingError(gettext_noop("the mapping names column(s) %(missing)s that the file does not have; its "
                                        "columns are %(columns)s"), missing=", ".join(map(repr, missing)),
                           columns=", ".join(map(repr, headers)))
    best: dict[str, tuple[int, Column]] = {}
    ties: list[tuple[str, str, str]] = []
    for index, header in enumerate(headers):
        if header in explicit:
            target = explicit[header]
            if target is None:
                result.ignored.append(header)
                continue
            factor = _unit_factor(target, normalize(header))
            _claim(result, best, ties, target, Column(header, index, factor), rank=-1)
            continue
        match = _auto_match(header)
        if match is None:
            if str(header).strip():
                result.ignored.append(header)
            continue
        target, rank, factor = match
        _claim(result, best, ties, target, Column(header, index, factor), rank=rank)
    result.columns = {target: column for target, (_, column) in best.items()}
    result.notes += [Sentence(gettext_noop("columns %(used)s and %(other)s both look like %(field)s; using %(used)s "
                                           "(a mapping file can choose the other)"),
                              used=repr(used), other=repr(other), field=target)
                     for target, used, other in ties if result.columns.get(target, Column("", -1)).header == used]
    if "trunk_diameter_cm" in result.columns and "trunk_circumference_cm" in result.columns:
        dropped = result.columns.pop("trunk_circumference_cm")
        result.ignored.append(dropped.header)
        result.notes.append(Sentence(gettext_noop("both a diameter and a circumference column: using %(column)s"),
                                     column=repr(result.columns["trunk_diameter_cm"].header)))
    if result.has_xy and "geolocation" in result.columns:
        dropped = result.columns.pop("geolocation")
        result.ignored.append(dropped.header)
    return result


def _claim(result, best, ties, target, column, *, rank):
    held = best.get(target)
    if held is None or rank < held[0]:
        if held is not None:
            result.ignored.append(held[1].header)
        best[target] = (rank, column)
        return
    result.ignored.append(column.header)
    if rank == held[0]:
        ties.append((target, held[1].header, column.header))


def _auto_match(header) -> tuple[str, int, float] | None:
    words = normalize(header).split(" ")
    for dropped in range(len(words)):
        tail_words = words[dropped:]
        for unit_words in (0, 1):
            candidate_words = tail_words[:len(tail_words) - unit_words] if unit_words else tail_words
            candidate = " ".join(candidate_words)
            target = HEADER_ALIASES.get(candidate)
            if not target or (dropped and len(candidate) < _MIN_TAIL_ALIAS):
                continue
            if unit_words:
                factor = UNITS.get(target, {}).get(tail_words[-1])
                if factor is None:
                    continue
                return target, dropped, factor
            return target, dropped, 1.0
    return None


def _unit_factor(target: str, normalized_header: str) -> float:
    last = normalized_header.rsplit(" ", 1)[-1]
    return UNITS.get(target, {}).get(last, 1.0)
