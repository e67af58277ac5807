"""Planting a new tree: the tree and its planting event are one act."""
from __future__ import annotations

from django.db import transaction

from trees.models import MaintenanceEvent, MaintenanceKind, Tree, TreeChange, TreeStatus
from trees.services.actor import Actor
from trees.services.errors import HistoryConflict
from trees.services.history import log_maintenance
from trees.services.trees import create_tree, update_tree, json_value


@transaction.atomic
def plant_tree(*, location, by: Actor, species=None, performed_at=None, performed_by: str = "",
               contractor: str = "", notes: str = "", **attributes) -> tuple[Tree, MaintenanceEvent]:
    """Create a tree at `location` with a planting event dated `performed_at`."""
    tree = create_tree(location=location, species=species, by=by, status=TreeStatus.ALIVE, **attributes)
    event = log_maintenance(by=by, kind=MaintenanceKind.PLANTING, tree=tree, performed_at=performed_at,
                            performed_by=performed_by, contractor=contractor, notes=notes)
    return tree, event


@transaction.atomic
def revert_tree_change(*, change: TreeChange, by: Actor) -> Tree:
    """Put back the values a change replaced, as a new change. Refuses with
    `HistoryConflict` when a later change touched the same fields, so that
    nobody's newer work is silently overwritten."""
    tree = Tree.objects.select_for_update().get(pk=change.tree_id)
    fields = [f for f in change.changes if not f.startswith("_")]
    later = TreeChange.objects.filter(tree=tree, version__gt=change.version)
    for newer in later:
        touched = set(fields) & set(newer.changes)
        if touched:
            raise HistoryConflict(f"tree {tree.pk}: {', '.join(sorted(touched))} changed again in version "
                                  f"{newer.version}; revert that first", field=sorted(touched)[0],
                                  fields=sorted(touched), later_version=newer.version)
    restore = {}
    for field in fields:
        old, new = change.changes[field]
        if json_value(getattr(tree, field)) != new:
            raise HistoryConflict(f"tree {tree.pk}: {field} no longer has the value this change set", field=field)
        restore[field] = _from_json(field, old)
    return update_tree(tree=tree, by=by, **restore)


def _from_json(field: str, value):
    from django.contrib.gis.geos import Point

    from trees.models import GreenArea, Species
    if value is None:
        return None
    if field == "location":
        return Point(value[0], value[1], srid=4326)
    if field == "species":
        return Species.objects.get(pk=value)
    if field == "green_area":
        return GreenArea.objects.get(pk=value)
    return value
