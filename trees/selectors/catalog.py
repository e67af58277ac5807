"""Reads of the species catalogue."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from trees.models import Species


def species_list(*, name: str | None = None) -> QuerySet[Species]:
    """Species by scientific name; with `name`, those whose scientific,
    Russian, Kyrgyz or English name contains it (any case)."""
    species = Species.objects.order_by("scientific_name")
    if name:
        species = species.filter(Q(scientific_name__icontains=name) | Q(name_ru__icontains=name)
                                 | Q(name_ky__icontains=name) | Q(name_en__icontains=name))
    return species
