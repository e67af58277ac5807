"""Recognising species as surveys write them: Latin name (with or without
the author, cultivar quotes), a synonym, or the Russian, Kyrgyz or English
common name; case, spacing and ё/е forgiven. Unknown names are reported,
never created."""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from imports.messages import Sentence
from trees.models import Species

_PARENTHESES = re.compile(r"\(([^)]*)\)")


def species_key(name: str) -> str:
    name = str(name).lower().replace("ё", "е")
    name = re.sub(r"[\"'«»‘’“”]", "", name)
    return " ".join(name.replace("\u00a0", " ").split())


@dataclass(frozen=True)
class SpeciesMatch:
    species_id: int | None
    problem: Sentence | str = ""  # why a name was not recognised


class SpeciesIndex:
    """Every name of every species, read once per import."""

    def __init__(self, species=None):
        self._ids: dict[str, set[int]] = {}
        self.names: dict[int, str] = {}
        self.limits: dict[int, tuple[float, float]] = {}
        for item in species if species is not None else Species.objects.all():
            self.names[item.pk] = item.scientific_name
            self.limits[item.pk] = (item.max_height_m, item.max_trunk_diameter_cm)
            for name in (item.scientific_name, item.name_ru, item.name_ky, item.name_en, *item.synonyms):
                for key in _keys_for(name):
                    self._ids.setdefault(key, set()).add(item.pk)
        self._cache: dict[str, SpeciesMatch] = {}

    def match(self, written: str) -> SpeciesMatch:
        cached = self._cache.get(written)
        if cached is None:
            cached = self._cache[written] = self._match(written)
        return cached

    def _match(self, written: str) -> SpeciesMatch:
        key = species_key(written)
        ids = self._ids.get(key)
        if not ids:
            # 'Ulmus pumila L.': a Latin binomial followed by its author.
            binomial = " ".join(key.split(" ")[:2])
            ids = self._ids.get(binomial) if binomial != key and re.match(r"^[a-z]+ [a-z-]+$", binomial) else None
        if not ids:
            return SpeciesMatch(None, Sentence(gettext_noop(
                "species %(name)s is not in the species list; use the Latin name, or ask a moderator to add the "
                "species or this name as a synonym"), name=repr(written)))
        if len(ids) > 1:
            options = ", ".join(sorted(self.names[i] for i in ids))
            return SpeciesMatch(None, Sentence(gettext_noop("species %(name)s could be any of %(options)s; use the "
                                                            "Latin name"), name=repr(written), options=options))
        return SpeciesMatch(next(iter(ids)))


def _keys_for(name: str) -> set[str]:
    """The name itself, and for 'Вяз приземистый (карагач)' also the name
    outside and inside the parentheses."""
    if not name:
        return set()
    keys = {species_key(name)}
    inside = _PARENTHESES.findall(name)
    if inside:
        keys.add(species_key(_PARENTHESES.sub("", name)))
        keys.update(species_key(part) for part in inside)
    return {key for key in keys if key}
