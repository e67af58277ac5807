"""Reads of trees for the API, map and exports."""
from __future__ import annotations

import math

from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db.models import Exists, OuterRef, QuerySet

from trees.models import ConditionRecord, Tree, TreeStatus

# Metres in one degree of latitude, rounded down so that a radius turned
# into degrees is never too small (it only pre-selects through the index).
_METRES_PER_DEGREE = 111_000


def tree_list(*, include_withdrawn: bool = False) -> QuerySet[Tree]:
    """Trees a reader may see, by id. Trees withdrawn as entered in error are
    left out unless `include_withdrawn` (staff who can change trees)."""
    trees = Tree.objects.order_by("pk")
    return trees if include_withdrawn else trees.exclude(status=TreeStatus.WITHDRAWN)


def within_distance(queryset: QuerySet, *, point: Point, metres: float, field: str = "location") -> QuerySet:
    """Rows of `queryset` whose `field` lies within `metres` of `point`,
    measured on the sphere. A box in degrees that surely holds the circle
    lets the GiST index pre-select; the distance itself is in metres."""
    latitude = min(abs(point.y) + 1, 89.0)
    degrees = metres / (_METRES_PER_DEGREE * math.cos(math.radians(latitude)))
    return queryset.filter(**{f"{field}__dwithin": (point, degrees), f"{field}__distance_lte": (point, D(m=metres))})


def current_condition_records() -> QuerySet[ConditionRecord]:
    """Condition records that still count: neither retractions nor records
    a later correction replaced; newest first. A subject's first one is
    what its `current_condition` was derived from."""
    replaced = ConditionRecord.objects.filter(corrects=OuterRef("pk"))
    return ConditionRecord.objects.filter(retracts=False).exclude(Exists(replaced)).order_by("-observed_at", "-id")
