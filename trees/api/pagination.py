"""Pages of a FeatureCollection. `page` counts from 1, `page_size` has a hard
cap; each collection says how many features matched and returned and links
to the next and previous pages (OGC API Features style), so a client can
follow `next` to the end."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param

from trees.api.limits import limit
from trees.api.renderers import GeoJSONRenderer, PrebuiltJSON

_WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")
# Past this the offset itself becomes the problem; narrow the query instead.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Page:
    rows: QuerySet  # the sliced queryset
    number: int
    size: int
    matched: int


def _positive_int(request, name: str, default: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not _WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
        raise ValidationError({name: [f"{raw!r} is not a whole number of at least 1"]})
    if int(raw) > maximum:
        raise ValidationError({name: [f"{raw} is more than the maximum of {maximum}"]})
    return int(raw)


class FeaturePagination:
    page_query_param = "page"
    page_size_query_param = "page_size"
    query_params = (page_query_param, page_size_query_param)

    def paginate(self, queryset: QuerySet, request) -> Page:
        size = _positive_int(request, self.page_size_query_param, limit("API_PAGE_SIZE"), limit("API_MAX_PAGE_SIZE"))
        number = _positive_int(request, self.page_query_param, 1, MAX_PAGE)
        start = (number - 1) * size
        return Page(rows=queryset[start:start + size], number=number, size=size, matched=queryset.count())

    def collection(self, page: Page, request, *, returned: int, features: str) -> PrebuiltJSON:
        """The FeatureCollection text around `features` (JSON array text)."""
        url = request.build_absolute_uri()
        links = [self._link("self", url)]
        if page.number * page.size < page.matched:
            links.append(self._link("next", replace_query_param(url, self.page_query_param, page.number + 1)))
        if page.number > 1:
            previous = page.number - 1
            href = (replace_query_param(url, self.page_query_param, previous) if previous > 1
                    else remove_query_param(url, self.page_query_param))
            links.append(self._link("prev", href))
        head = json.dumps({"type": "FeatureCollection", "numberMatched": page.matched, "numberReturned": returned,
                           "links": links}, separators=(",", ":"))
        return PrebuiltJSON(f'{head[:-1]},"features":{features}}}')

    @staticmethod
    def _link(rel: str, href: str) -> dict:
        return {"rel": rel, "href": href, "type": GeoJSONRenderer.media_type}

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {"name": self.page_query_param, "in": "query", "required": False, "description": "Page number, from 1.",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
            {"name": self.page_size_query_param, "in": "query", "required": False,
             "description": f"Features per page (default {limit('API_PAGE_SIZE')}, "
                            f"at most {limit('API_MAX_PAGE_SIZE')}).",
             "schema": {"type": "integer", "minimum": 1, "maximum": limit("API_MAX_PAGE_SIZE")}},
        ]
