"""Builds the Leaflet map with folium. folium normally links Leaflet,
jQuery and Bootstrap from CDNs; the map must work on a closed municipal
network, so every script and stylesheet is swapped for the app's own copy
(installed from npm at setup) and nothing else is loaded."""
import re
from dataclasses import dataclass

import folium
from django.conf import settings
from django.templatetags.static import static

# folium adds a viewport tag that forbids zooming the page, which fails
# accessibility on phones; our base template has its own viewport tag.
FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*/>', re.S)

# Bishkek's centre; a second city would pass its own.
DEFAULT_CENTRE = (42.8746, 74.6122)
DEFAULT_ZOOM = 13


@dataclass(frozen=True)
class RenderedMap:
    """The three pieces of folium's output, placed by our own template."""

    name: str  # the JavaScript variable holding the L.Map
    header: str
    html: str
    script: str


def _local_assets() -> tuple[list, list]:
    js = [
        ("leaflet", static("vendor/leaflet/leaflet.js")),
        ("vectorgrid", static("vendor/leaflet.vectorgrid/Leaflet.VectorGrid.bundled.min.js")),
    ]
    css = [("leaflet_css", static("vendor/leaflet/leaflet.css"))]
    return js, css


def build_map(*, centre=DEFAULT_CENTRE, zoom=DEFAULT_ZOOM) -> RenderedMap:
    """The base map: local Leaflet, the configured basemap (which may fail
    to load without breaking the data layers the page adds on top)."""
    greenmap = settings.GREENMAP
    folium_map = folium.Map(location=centre, zoom_start=zoom, tiles=None, control_scale=True,
                            prefer_canvas=True, zoom_control=True, max_zoom=19)
    folium_map.default_js, folium_map.default_css = _local_assets()
    folium.TileLayer(tiles=greenmap["BASEMAP_URL"], attr=greenmap["BASEMAP_ATTRIBUTION"], name="basemap",
                     max_zoom=19, max_native_zoom=19).add_to(folium_map)
    root = folium_map.get_root()
    root.render()
    return RenderedMap(name=folium_map.get_name(), header=FOLIUM_VIEWPORT.sub("", root.header.render()), html=root.html.render(),
                       script=root.script.render())
