"""Reads behind the tiles: the query of one MVT tile per layer, built whole
by PostGIS (`ST_AsMVT`), and `current_tile`, which runs it together with
reading the layer's data version."""
from tiles.selectors.areas import areas_tile_query
from tiles.selectors.reports import reports_tile_query
from tiles.selectors.tile_query import TileQuery, current_tile, layer_version
from tiles.selectors.trees import trees_tile_query

__all__ = ["TileQuery", "areas_tile_query", "current_tile", "layer_version", "reports_tile_query", "trees_tile_query"]
