"""TileJSON 3.0.0 documents: how a map client finds a layer's tiles."""
from django.contrib.gis.db.models import Extent
from django.urls import reverse

from tiles.conf import tile_setting
from tiles.grid import AGGREGATED_MAX_ZOOM
from trees.models import Municipality

ATTRIBUTION = "Green Bishkek open tree inventory"


def _tile_url_template(request, layer, filters) -> str:
    # reverse() and build_absolute_uri() would percent-encode the braces, so
    # name a tile and put the placeholders after its layer's part.
    path = reverse("tiles:tile", kwargs={"layer": layer.name, "z": "0", "x": "0", "y": "0"})
    template = request.build_absolute_uri(path.removesuffix("0/0/0.pbf")) + "{z}/{x}/{y}.pbf"
    query = filters.query_string()
    return f"{template}?{query}" if query else template


def tilejson(request, layer, filters) -> dict:
    """The TileJSON of `layer`; its tile URLs carry the same filters."""
    max_zoom = tile_setting("TILE_MAX_ZOOM")
    extent = Municipality.objects.aggregate(extent=Extent("boundary"))["extent"] or (-180, -85.0511, 180, 85.0511)
    west, south, east, north = extent
    document = {
        "tilejson": "3.0.0",
        "name": f"Green Bishkek: {layer.name}",
        "description": layer.description,
        "attribution": ATTRIBUTION,
        "scheme": "xyz",
        "tiles": [_tile_url_template(request, layer, filters)],
        "minzoom": 0,
        "maxzoom": max_zoom,
        "bounds": [west, south, east, north],
        "center": [(west + east) / 2, (south + north) / 2, 12],
        "vector_layers": [{"id": layer.name, "description": layer.description, "minzoom": 0,
                           "maxzoom": max_zoom, "fields": layer.fields}],
    }
    if layer.name == "trees":
        document["aggregated_max_zoom"] = AGGREGATED_MAX_ZOOM  # cells at and below it, trees above
    return document
