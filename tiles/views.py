"""Thin views: read the request, ask `caching`/selectors, answer. Errors in
the request answer 400/404 with `{part: [message]}`, never a traceback."""
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.views.decorators.http import require_safe

from tiles.addresses import tile_address
from tiles.caching import cache_control, serve_tile
from tiles.errors import NoSuchTile, TileRequestError
from tiles.filters import refuse_unknown_species
from tiles.layers import layer_named
from tiles.tilejson import tilejson

MVT_CONTENT_TYPE = "application/vnd.mapbox-vector-tile"
# Tiles and TileJSON are open data: any site or app may load them.
OPEN_TO_ALL = {"Access-Control-Allow-Origin": "*"}


def _error(error: TileRequestError) -> JsonResponse:
    return JsonResponse(error.as_dict(), status=error.status, headers=OPEN_TO_ALL)


@require_safe
def tile(request, layer, z, x, y):
    try:
        return _tile_response(request, layer, z, x, y)
    except TileRequestError as error:
        return _error(error)


def _tile_response(request, layer, z, x, y):
    layer = layer_named(layer)
    address = tile_address(z, x, y)
    filters = layer.read_filters(request.GET)
    served = serve_tile(layer, address, filters, if_none_match=request.headers.get("If-None-Match"))
    if served.content == b"":
        refuse_unknown_species(filters)  # an unknown species only ever gives empty tiles
    headers = {"ETag": served.etag, "Cache-Control": cache_control(), **OPEN_TO_ALL}
    if served.content is None:
        return HttpResponseNotModified(headers=headers)
    # An empty tile is a 200 with an empty body (a valid MVT with no layers).
    return HttpResponse(served.content, content_type=MVT_CONTENT_TYPE, headers=headers)


@require_safe
def layer_tilejson(request, layer):
    try:
        layer = layer_named(layer)
        filters = layer.read_filters(request.GET)
        refuse_unknown_species(filters)
    except TileRequestError as error:
        return _error(error)
    headers = {"Cache-Control": cache_control(), **OPEN_TO_ALL}
    return JsonResponse(tilejson(request, layer, filters), headers=headers)


def unknown_path(request, path):
    return _error(NoSuchTile(f"no tiles at {request.path!r}: tiles are at /tiles/<layer>/<z>/<x>/<y>.pbf and "
                             "each layer's TileJSON at /tiles/<layer>.json", field="path"))
