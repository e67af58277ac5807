"""Roles as Django groups, with the model permissions each one needs. The
API's permission classes check these permissions, not group names, so a
city can adjust a role in the admin without code changes."""
from django.contrib.auth.models import Group, Permission

GARDENER, VOLUNTEER, MODERATOR = "gardener", "volunteer", "moderator"

ROLE_PERMISSIONS = {
    GARDENER: [
        "trees.add_tree", "trees.change_tree", "trees.view_tree",
        "trees.add_conditionrecord", "trees.view_conditionrecord",
        "trees.add_maintenanceevent", "trees.view_maintenanceevent",
        "trees.view_citizenreport", "trees.change_citizenreport",
        "trees.view_greenarea", "trees.add_greenarea", "trees.change_greenarea",
    ],
    VOLUNTEER: [
        "trees.view_tree", "trees.add_tree", "trees.view_conditionrecord", "trees.add_conditionrecord",
        "imports.add_importbatch", "imports.view_importbatch", "imports.change_importbatch",
    ],
    MODERATOR: [
        "trees.add_tree", "trees.change_tree", "trees.view_tree",
        "trees.add_conditionrecord", "trees.view_conditionrecord",
        "trees.add_maintenanceevent", "trees.view_maintenanceevent",
        "trees.add_greenarea", "trees.change_greenarea", "trees.view_greenarea",
        "trees.view_citizenreport", "trees.change_citizenreport",
        "trees.add_species", "trees.change_species", "trees.view_species",
        "trees.view_treechange", "trees.view_administrativearea", "trees.change_administrativearea",
        "imports.add_importbatch", "imports.view_importbatch", "imports.change_importbatch",
        "auth.view_user", "auth.change_user", "auth.add_user",
    ],
}


def ensure_roles() -> dict[str, Group]:
    """Create the role groups and (re)grant their permissions. Idempotent.
    Permissions of apps not installed yet are skipped."""
    groups = {}
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            wanted += list(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
        groups[role] = group
    return groups
