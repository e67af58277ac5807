"""Tile addresses (zoom, column, row in the XYZ scheme) read from a URL."""
from __future__ import annotations

from dataclasses import dataclass

from tiles.conf import tile_setting
from tiles.errors import MalformedTileRequest, NoSuchTile


@dataclass(frozen=True)
class TileAddress:
    z: int
    x: int
    y: int

    def __str__(self):
        return f"{self.z}/{self.x}/{self.y}"


def _whole_number(text: str, *, field: str) -> int:
    # isdecimal() alone accepts other scripts' digits; tile URLs are ASCII.
    if not (text.isascii() and text.isdecimal()) or len(text) > 9:
        raise MalformedTileRequest(f"{field} must be a whole number, not {text!r}", field=field)
    return int(text)


def tile_address(z: str, x: str, y: str) -> TileAddress:
    """The address named by the URL's parts. Raises `MalformedTileRequest`
    for parts that are not whole numbers and `NoSuchTile` for a zoom beyond
    TILE_MAX_ZOOM or a column/row outside that zoom's 2**z x 2**z grid."""
    zoom, column, row = (_whole_number(text, field=name) for name, text in (("z", z), ("x", x), ("y", y)))
    max_zoom = tile_setting("TILE_MAX_ZOOM")
    if zoom > max_zoom:
        raise NoSuchTile(f"zoom {zoom} is beyond the deepest zoom served, {max_zoom}", field="z")
    last = (1 << zoom) - 1
    for name, value in (("x", column), ("y", row)):
        if value > last:
            raise NoSuchTile(f"{name} {value} is outside zoom {zoom}, whose tiles are numbered 0 to {last}",
                             field=name)
    return TileAddress(zoom, column, row)
