"""The layers the tiles app serves: what each shows, which query parameters
it takes and which selector builds its tiles."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

from tiles.errors import NoSuchTile
from tiles.filters import CONDITIONS, STATUSES, no_filters, tree_filters
from tiles.selectors import areas_tile_query, reports_tile_query, trees_tile_query

# Bump when what a tile holds changes for the same data (a new attribute, a
# different grid), so that caches and ETags from before the change expire.
TILE_FORMAT = 1


@dataclass(frozen=True)
class Layer:
    name: str
    description: str
    fields: dict[str, str]  # attribute name -> description, for TileJSON
    read_filters: Callable  # (QueryDict) -> filters with .query_string()
    tile_query: Callable  # (TileAddress, filters) -> TileQuery


CELL_FIELDS = {"count": "Number: trees in the cell (zoom 14 and below, and the densest street tiles)"} | {
    condition: f"Number: trees of the cell whose condition is {condition}" for condition in CONDITIONS}

LAYERS = {layer.name: layer for layer in (
    Layer(
        name="trees",
        description="Every tree at zoom 15 and closer (a tile that would hold more than TILE_MAX_TREES "
                    "carries cells instead); farther out, cells of 8 x 8 a tile with counts per condition. "
                    "Withdrawn trees never appear.",
        fields={
            "id": "Number: tree id (also the feature id)",
            "species_id": "Number: species id (absent when no species is recorded)",
            "species": "String: scientific name (absent when no species is recorded)",
            "status": f"String: one of {', '.join(STATUSES)}",
            "condition": f"String: current condition, one of {', '.join(CONDITIONS)}",
        } | CELL_FIELDS,
        read_filters=partial(tree_filters, layer="trees"),
        tile_query=trees_tile_query,
    ),
    Layer(
        name="areas",
        description="Parks, squares, boulevards and other green areas, simplified for the zoom.",
        fields={"id": "Number: green area id (also the feature id)", "name_ru": "String: name in Russian",
                "name_ky": "String: name in Kyrgyz (may be empty)", "name_en": "String: name in English (may be empty)",
                "kind": "String: park, square, boulevard, street_greenery, forest_park or garden"},
        read_filters=partial(no_filters, layer="areas"),
        tile_query=areas_tile_query,
    ),
    Layer(
        name="reports",
        description="Citizen reports still open (received, confirmed, assigned, in progress); "
                    "no personal data.",
        fields={"id": "Number: report id (also the feature id)", "category": "String: what was reported",
                "status": "String: where the report stands", "tracking_code": "String: the code residents follow"},
        read_filters=partial(no_filters, layer="reports"),
        tile_query=reports_tile_query,
    ),
)}


def layer_named(name: str) -> Layer:
    """The layer called `name`, or `NoSuchTile` listing the layers there are."""
    try:
        return LAYERS[name]
    except KeyError:
        raise NoSuchTile(f"unknown layer {name!r}; one of {', '.join(LAYERS)}", field="layer") from None
