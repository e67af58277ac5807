"""Query parameters that narrow what a layer's tiles show. Each layer
accepts its own; anything else is refused rather than silently ignored,
so a misspelt filter never shows the whole city as if it were filtered."""
from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

from tiles.errors import MalformedTileRequest
from trees.models import ConditionClass, Species, TreeStatus

# `unknown`: no condition recorded (a planting site, a tree never inspected).
CONDITIONS = (*ConditionClass.values, "unknown")
# Withdrawn trees were entered in error; no filter brings them back.
STATUSES = tuple(status for status in TreeStatus.values if status != TreeStatus.WITHDRAWN)


@dataclass(frozen=True)
class NoFilters:
    def query_string(self) -> str:
        return ""


@dataclass(frozen=True)
class TreeFilters:
    """Empty tuples mean "any". Values are sorted and unique, so equal
    filters give equal cache keys whatever order the URL named them in."""

    species_ids: tuple[int, ...] = ()
    conditions: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def query_string(self) -> str:
        parts = [("condition", self.conditions), ("species", self.species_ids), ("status", self.statuses)]
        return "&".join(f"{name}={','.join(map(str, values))}" for name, values in parts if values)


def _refuse_unknown(query: QueryDict, *, layer: str, accepted: tuple[str, ...]) -> None:
    for name in query:
        if name not in accepted:
            takes = f"takes {', '.join(accepted)}" if accepted else "takes no query parameters"
            raise MalformedTileRequest(f"unknown parameter {name!r}; the {layer} layer {takes}", field=name)


def _listed(query: QueryDict, name: str) -> list[str]:
    """Comma-separated values, also when the parameter is repeated."""
    values = [part.strip() for given in query.getlist(name) for part in given.split(",")]
    if name in query and not any(values):
        raise MalformedTileRequest(f"{name} is empty; give one or more values separated by commas", field=name)
    if "" in values:
        raise MalformedTileRequest(f"{name} has an empty value between commas", field=name)
    return values


def _choices(query: QueryDict, name: str, allowed: tuple[str, ...], *, refused: dict[str, str]) -> tuple[str, ...]:
    values = _listed(query, name)
    for value in values:
        if value in refused:
            raise MalformedTileRequest(refused[value], field=name)
        if value not in allowed:
            raise MalformedTileRequest(f"unknown {name} {value!r}; one of {', '.join(allowed)}", field=name)
    return tuple(sorted(set(values)))


def _species_ids(query: QueryDict) -> tuple[int, ...]:
    values = _listed(query, "species")
    for value in values:
        if not (value.isascii() and value.isdecimal()) or len(value) > 18:
            raise MalformedTileRequest(f"species must be species ids (whole numbers), not {value!r}",
                                       field="species")
    ids = tuple(sorted({int(value) for value in values}))
    if ids and ids[0] == 0:  # 0 stands for "no species" in the stored cell counts; never a filter
        raise MalformedTileRequest("no species with id 0", field="species")
    return ids


def refuse_unknown_species(filters) -> None:
    """Raise `MalformedTileRequest` when the species filter names a species
    that does not exist. Costs a query, so tile requests call it only when
    their tile came out empty, the only answer such a filter can give."""
    ids = getattr(filters, "species_ids", ())
    known = set(Species.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    unknown = [str(pk) for pk in ids if pk not in known]
    if unknown:
        raise MalformedTileRequest(f"no species with id {', '.join(unknown)}", field="species")


def no_filters(query: QueryDict, *, layer: str) -> NoFilters:
    _refuse_unknown(query, layer=layer, accepted=())
    return NoFilters()


def tree_filters(query: QueryDict, *, layer: str = "trees") -> TreeFilters:
    """`species` (ids), `condition` and `status`, each comma-separated.
    Raises `MalformedTileRequest` naming the parameter at fault."""
    _refuse_unknown(query, layer=layer, accepted=("species", "condition", "status"))
    return TreeFilters(
        species_ids=_species_ids(query),
        conditions=_choices(query, "condition", CONDITIONS, refused={}),
        statuses=_choices(query, "status", STATUSES, refused={
            TreeStatus.WITHDRAWN: "withdrawn trees were entered in error and are never shown on the map"}),
    )
