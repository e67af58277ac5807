"""Loads the generated Bishkek demo: geography through the ORM and services,
the bulk of the inventory through set-based SQL (see `inventory`)."""
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, transaction

from greenmap.demo import geography, inventory
from greenmap.roles import GARDENER, MODERATOR, VOLUNTEER, ensure_roles
from trees import services
from trees.models import AdministrativeArea, AdministrativeLevel, Channel, Municipality, Tree

DEMO_PASSWORD = "greenmap-demo"
DEMO_ACTOR = services.Actor(user=None, channel=Channel.DEMO)
DEMO_TABLES = ["trees_reportstatusevent", "trees_citizenreport", "trees_maintenanceevent", "trees_conditionrecord",
               "trees_treechange", "trees_tree", "trees_greenarea", "trees_administrativearea", "trees_municipality"]


class NotOnlyDemoData(Exception):
    pass


def _geos(shape) -> GEOSGeometry:
    return GEOSGeometry(geography.as_multi(shape).wkt, srid=4326)


def load_geography() -> Municipality:
    city = geography.CITY
    municipality = Municipality.objects.create(
        code=city["code"], name_ru=city["name_ru"], name_ky=city["name_ky"], name_en=city["name_en"],
        boundary=_geos(geography.city_outline()))
    shapes = geography.district_shapes()
    for code, name_ru, name_ky, name_en, _ in geography.DISTRICTS:
        district = AdministrativeArea.objects.create(
            municipality=municipality, level=AdministrativeLevel.DISTRICT, code=code, name_ru=name_ru,
            name_ky=name_ky, name_en=name_en, boundary=_geos(shapes[code]))
        for number, piece in enumerate(geography.council_area_shapes(shapes[code]), start=1):
            AdministrativeArea.objects.create(
                municipality=municipality, level=AdministrativeLevel.COUNCIL_AREA, parent=district,
                code=f"{code}-{number}", name_ru=f"{name_ru}, тер. совет №{number}",
                name_ky=f"{name_ky}, аймактык кеңеш №{number}", name_en=f"{name_en}, council area {number}",
                boundary=_geos(piece))
    for name_ru, name_ky, name_en, kind, centre, half in geography.GREEN_AREAS:
        services.create_green_area(boundary=_geos(geography.green_area_shape(kind, centre, half)), kind=kind,
                                   name_ru=name_ru, name_ky=name_ky, name_en=name_en, by=DEMO_ACTOR)
    return municipality


def load_accounts() -> list[str]:
    """Demo sign-ins, one per role, all with DEMO_PASSWORD."""
    groups = ensure_roles()
    User = get_user_model()
    names = []
    for username, role in (("gardener", GARDENER), ("volunteer", VOLUNTEER), ("moderator", MODERATOR)):
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": role == MODERATOR})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(groups[role])
        names.append(username)
    admin, created = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True})
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    return names + ["admin"]


def remove_demo() -> None:
    """Empty the inventory, but only if everything in it is generated."""
    real = Tree.objects.exclude(created_via=Channel.DEMO).count()
    if real:
        raise NotOnlyDemoData(f"the inventory holds {real} trees that are not demo data; refusing to replace it")
    with connection.cursor() as cursor:
        # TRUNCATE, not DELETE: history tables reject DELETE by design.
        # Pending deferred FK checks would block TRUNCATE; run them first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(DEMO_TABLES)} RESTART IDENTITY CASCADE")


def load_demo(*, trees: int, reports: int, seed: float = 0.42, progress=lambda step: None) -> dict:
    """Load a whole demo city in one transaction: all of it or nothing."""
    with transaction.atomic():
        municipality = load_geography()
        progress("geography")
        inventory.generate_points(municipality_id=municipality.id, trees=trees, seed=seed, progress=progress)
        counts = {
            "trees": inventory.insert_trees(municipality_id=municipality.id, progress=progress),
            "condition_records": inventory.insert_condition_history(municipality_id=municipality.id, progress=progress),
            "maintenance_events": inventory.insert_maintenance_log(municipality_id=municipality.id, progress=progress),
            "reports": inventory.insert_reports(municipality_id=municipality.id, reports=reports, progress=progress),
        }
        counts["accounts"] = load_accounts()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts
