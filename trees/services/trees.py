"""Creating and changing trees. Every change bumps `version`, re-derives the
spatial fields and appends a `TreeChange`, all in one transaction."""
from __future__ import annotations

import datetime

from django.db import transaction

from trees.models import Species, Tree, TreeChange, TreeStatus
from trees.services.actor import Actor
from trees.services.errors import InvalidValue, StaleVersion
from trees.services.places import as_wgs84_point, districts_for, green_area_containing, municipality_containing

# Fields a person may set; everything else on Tree is derived.
EDITABLE_FIELDS = ("location", "species", "status", "planted_year", "trunk_diameter_cm", "height_m",
                   "crown_diameter_m", "address", "green_area", "external_ids")
SIZE_LIMITS = {"trunk_diameter_cm": (0, 1000), "height_m": (0, 120), "crown_diameter_m": (0, 80)}


def _validate(values: dict) -> None:
    for field, (low, high) in SIZE_LIMITS.items():
        value = values.get(field)
        if value is not None and not (low < float(value) <= high):
            raise InvalidValue(f"{value} is not a plausible value (expected more than {low} and at most {high})",
                               field=field)
    species = values.get("species")
    if species is not None and not isinstance(species, Species):
        raise InvalidValue("unknown species", field="species")
    if species is not None:
        for field, limit in (("height_m", species.max_height_m), ("trunk_diameter_cm", species.max_trunk_diameter_cm)):
            value = values.get(field)
            if value is not None and float(value) > limit:
                raise InvalidValue(f"{value} is larger than any {species.scientific_name} grows (at most {limit})",
                                   field=field)
    year = values.get("planted_year")
    if year is not None and not (1700 <= int(year) <= datetime.date.today().year + 1):
        raise InvalidValue(f"{year} is not a plausible planting year", field="planted_year")
    status = values.get("status")
    if status is not None and status not in TreeStatus.values:
        raise InvalidValue(f"unknown status {status!r}; one of {', '.join(TreeStatus.values)}", field="status")


def check_tree_values(values: dict) -> None:
    """Raise the error `create_tree`/`update_tree` would raise for these
    values, without writing anything (for forms and dry runs)."""
    _validate(values)
    if values.get("location") is not None:
        municipality_containing(as_wgs84_point(values["location"]))


def json_value(value):
    """A field value as it is written into the JSON change log."""
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "geojson"):
        return [value.x, value.y]
    return value


def _place(tree: Tree, *, green_area_given: bool) -> None:
    tree.location = as_wgs84_point(tree.location)
    tree.municipality = municipality_containing(tree.location)
    for field, area in districts_for(tree.location, municipality=tree.municipality).items():
        setattr(tree, field, area)
    if not green_area_given:
        tree.green_area = green_area_containing(tree.location, municipality=tree.municipality)


@transaction.atomic
def create_tree(*, location, by: Actor, species: Species | None = None, status: str = TreeStatus.ALIVE,
                planted_year: int | None = None, trunk_diameter_cm: float | None = None,
                height_m: float | None = None, crown_diameter_m: float | None = None, address: str = "",
                green_area=None, external_ids: dict | None = None) -> Tree:
    """Add a tree at `location` (any SRID; stored as EPSG:4326). The
    municipality, district, council area and, unless given, the green area
    are derived from the point. Raises `InvalidValue` or
    `OutsideMunicipality` naming the field at fault."""
    values = dict(location=location, species=species, status=status, planted_year=planted_year,
                  trunk_diameter_cm=trunk_diameter_cm, height_m=height_m, crown_diameter_m=crown_diameter_m,
                  address=address or "", green_area=green_area, external_ids=external_ids or {})
    _validate(values)
    tree = Tree(**values, created_by=by.user, created_via=by.channel, created_via_ref=by.ref,
                updated_by=by.user, updated_via=by.channel, updated_via_ref=by.ref, version=1)
    _place(tree, green_area_given=green_area is not None)
    tree.save()
    TreeChange.objects.create(tree=tree, version=1, changes={f: [None, json_value(getattr(tree, f))]
                                                             for f in EDITABLE_FIELDS}, **by.stamp())
    return tree


@transaction.atomic
def update_tree(*, tree: Tree | int, by: Actor, expected_version: int | None = None, **changes) -> Tree:
    """Change editable attributes of a tree. With `expected_version`, refuses
    (`StaleVersion`) when someone else changed the tree since it was read.
    Returns the fresh tree; a call that changes nothing writes nothing."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidValue(f"cannot set {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    pk = tree.pk if isinstance(tree, Tree) else tree
    current = Tree.objects.select_for_update().get(pk=pk)
    if expected_version is not None and current.version != int(expected_version):
        raise StaleVersion(f"tree {pk} is at version {current.version}, not {expected_version}: "
                           "it was changed by someone else; reload it and apply your change again")
    old = {f: getattr(current, f) for f in changes}
    diff = {f: v for f, v in changes.items() if json_value(old[f]) != json_value(v)}
    if not diff:
        return current
    _validate({f: getattr(current, f) for f in ("species", "height_m", "trunk_diameter_cm")} | diff)
    for field, value in diff.items():
        setattr(current, field, value)
    if "location" in diff:
        _place(current, green_area_given="green_area" in diff)
    current.version += 1
    current.updated_by, current.updated_via, current.updated_via_ref = by.user, by.channel, by.ref
    current.save()
    TreeChange.objects.create(tree=current, version=current.version,
                              changes={f: [json_value(old[f]), json_value(getattr(current, f))] for f in diff},
                              **by.stamp())
    return current


@transaction.atomic
def withdraw_tree(*, tree: Tree | int, by: Actor, expected_version: int | None = None) -> Tree:
    """Take back a tree that should never have been entered (an import being
    undone, a duplicate). Nothing is deleted: the status becomes `withdrawn`,
    which public maps and lists leave out, and the change is logged."""
    return update_tree(tree=tree, by=by, expected_version=expected_version, status=TreeStatus.WITHDRAWN)
