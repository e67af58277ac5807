"""Reads of the condition history and the maintenance log."""
from __future__ import annotations

from django.contrib.gis.db.models import PointField
from django.contrib.gis.db.models.functions import PointOnSurface
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from trees.models import ConditionRecord, MaintenanceEvent, TreeStatus


def subject_point():
    """Where a history row happened: its tree, or a point inside its green
    area (so the log can be drawn on a map without the whole boundary)."""
    return Coalesce("tree__location", PointOnSurface("green_area__boundary"), output_field=PointField(srid=4326))


def _visible(queryset: QuerySet, include_withdrawn: bool) -> QuerySet:
    if include_withdrawn:
        return queryset
    return queryset.filter(Q(tree__isnull=True) | ~Q(tree__status=TreeStatus.WITHDRAWN))


def condition_record_list(*, include_withdrawn: bool = False) -> QuerySet[ConditionRecord]:
    """Condition records, newest observation first, corrections and
    retractions included (they say which record they replace). Records of
    withdrawn trees are left out unless `include_withdrawn`."""
    return _visible(ConditionRecord.objects.order_by("-observed_at", "-id"), include_withdrawn)


def maintenance_event_list(*, include_withdrawn: bool = False) -> QuerySet[MaintenanceEvent]:
    """Maintenance events, most recent work first; like condition records,
    those of withdrawn trees only with `include_withdrawn`."""
    return _visible(MaintenanceEvent.objects.order_by("-performed_at", "-id"), include_withdrawn)
