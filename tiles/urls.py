"""URLs under /tiles/ (see the `tiles` package docstring for the contract)."""
from django.urls import re_path

from tiles import views

app_name = "tiles"

urlpatterns = [
    re_path(r"^(?P<layer>[^/]+)/(?P<z>[^/]+)/(?P<x>[^/]+)/(?P<y>[^/]+)\.pbf$", views.tile, name="tile"),
    re_path(r"^(?P<layer>[^/]+)\.json$", views.layer_tilejson, name="tilejson"),
    re_path(r"^(?P<path>.*)$", views.unknown_path),
]
