"""Small, explicit builders for test data. A test city ("testgrad") is a
square around Bishkek's centre split into a west and an east district, so
that spatial derivation has something to decide."""
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from trees import services
from trees.models import AdministrativeArea, AdministrativeLevel, Channel, Municipality, Species

CENTRE = (74.60, 42.87)
HALF = 0.05  # degrees: the test city spans 0.1 x 0.1 degrees


def square(x, y, half) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((x - half, y - half, x + half, y + half)), srid=4326)


def make_city(code="testgrad", centre=CENTRE, half=HALF) -> Municipality:
    x, y = centre
    city = Municipality.objects.create(code=code, name_ru=code, name_ky=code, name_en=code.title(),
                                       boundary=square(x, y, half))
    west = MultiPolygon(Polygon.from_bbox((x - half, y - half, x, y + half)), srid=4326)
    east = MultiPolygon(Polygon.from_bbox((x, y - half, x + half, y + half)), srid=4326)
    for area_code, shape in (("west", west), ("east", east)):
        AdministrativeArea.objects.create(municipality=city, level=AdministrativeLevel.DISTRICT, code=area_code,
                                          name_ru=area_code, name_ky=area_code, name_en=area_code.title(),
                                          boundary=shape)
    return city


def west_point(dx=0.0, dy=0.0) -> Point:
    return Point(CENTRE[0] - 0.02 + dx, CENTRE[1] + dy, srid=4326)


def east_point(dx=0.0, dy=0.0) -> Point:
    return Point(CENTRE[0] + 0.02 + dx, CENTRE[1] + dy, srid=4326)


def elm() -> Species:
    return Species.objects.get(scientific_name="Ulmus pumila")


def make_user(username="gardener1", *, role=None, password="pw-for-tests-1", **extra):
    from greenmap.roles import ensure_roles
    user = get_user_model().objects.create_user(username=username, password=password,
                                                email=f"{username}@example.org", **extra)
    if role:
        user.groups.add(ensure_roles()[role])
    return user


def actor(user=None, channel=Channel.API, ref=None) -> services.Actor:
    return services.Actor(user=user, channel=channel, ref=ref)


def make_tree(location=None, *, by=None, **attributes):
    return services.create_tree(location=location or west_point(), by=by or actor(), **attributes)
