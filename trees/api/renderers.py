"""Renderers for GeoJSON bodies. Collections arrive as JSON text already
built by PostGIS and are passed through untouched; other data is dumped."""
import json

from rest_framework.renderers import BaseRenderer


class PrebuiltJSON(str):
    """JSON text that needs no encoding (a FeatureCollection from SQL)."""


class GeoJSONRenderer(BaseRenderer):
    media_type = "application/geo+json"
    format = "geojson"
    charset = None  # RFC 8259: JSON is UTF-8, no charset parameter

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        if isinstance(data, PrebuiltJSON):
            return data.encode()
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


class PlainJSONRenderer(GeoJSONRenderer):
    """The same bytes for clients that only ask for application/json."""

    media_type = "application/json"
    format = "json"
