"""Reads of green areas and administrative areas."""
from __future__ import annotations

from django.db.models import QuerySet

from trees.models import AdministrativeArea, GreenArea


def green_area_list() -> QuerySet[GreenArea]:
    """Parks, squares, boulevards... by id."""
    return GreenArea.objects.order_by("pk")


def administrative_area_list() -> QuerySet[AdministrativeArea]:
    """Districts and council areas of every municipality, by id."""
    return AdministrativeArea.objects.order_by("pk")
