"""GeoReport v2 responses in JSON and XML, and its error format:
`[{"code": 400, "description": "..."}]` / `<errors><error>...</error></errors>`."""
from __future__ import annotations

import json
from xml.etree import ElementTree

from django.http import HttpResponse

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


class Open311Error(Exception):
    """A request the server answers with the standard error list."""

    def __init__(self, description: str, *, code: int = 400, headers: dict | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.headers = headers or {}


def _xml_value(element: ElementTree.Element, value) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, list):
        for item in value:
            _xml_value(ElementTree.SubElement(element, "item"), item)
    else:
        element.text = str(value)


def as_xml(items: list[dict], *, root: str, item: str) -> bytes:
    """`<root><item><key>value</key>...</item>...</root>`, UTF-8 with declaration."""
    tree = ElementTree.Element(root)
    for row in items:
        node = ElementTree.SubElement(tree, item)
        for key, value in row.items():
            _xml_value(ElementTree.SubElement(node, key), value)
    return ElementTree.tostring(tree, encoding="utf-8", xml_declaration=True)


def respond(items: list[dict], *, fmt: str, root: str, item: str, status: int = 200,
            headers: dict | None = None) -> HttpResponse:
    if fmt == "xml":
        body = as_xml(items, root=root, item=item)
    else:
        body = json.dumps(items, ensure_ascii=False).encode()
    response = HttpResponse(body, status=status, content_type=FORMATS.get(fmt, FORMATS["json"]))
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def error_response(error: Open311Error, *, fmt: str) -> HttpResponse:
    return respond([{"code": error.code, "description": error.description}], fmt=fmt, root="errors", item="error",
                   status=error.code, headers=error.headers)
