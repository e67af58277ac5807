"""Roles are Django groups made by `assign_role`; the API checks the model
permissions they grant, never the group names."""
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from tests.factories import make_user, west_point
from tests.trees.api.conftest import client_for, english_client
from trees.models import Tree

POINT = {"type": "Point", "coordinates": [west_point().x, west_point().y]}


def test_assign_role_creates_the_groups_and_puts_the_user_in_one(db, capsys):
    user = make_user("aigul")

    call_command("assign_role", "aigul", "gardener")

    assert list(user.groups.values_list("name", flat=True)) == ["gardener"]
    assert set(Group.objects.values_list("name", flat=True)) >= {"gardener", "volunteer", "moderator"}
    assert user.has_perm("trees.add_maintenanceevent")
    assert "aigul: now in gardener" in capsys.readouterr().out


def test_a_moderator_becomes_staff_and_stops_being_staff_when_removed(db):
    user = make_user("bakyt")

    call_command("assign_role", "bakyt", "moderator")
    user.refresh_from_db()
    assert user.is_staff

    call_command("assign_role", "bakyt", "moderator", "--remove")
    user.refresh_from_db()
    assert not user.is_staff and not user.groups.exists()


def test_assign_role_prints_a_token_a_script_can_use(city, capsys):
    make_user("script")
    call_command("assign_role", "script", "gardener", "--token")
    token = capsys.readouterr().out.split("token: ")[1].strip()

    client = english_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert client.post("/api/v1/trees/", {"location": POINT}, format="json").status_code == 201


@pytest.mark.parametrize("args, says", [
    (["nobody", "gardener"], "there is no user 'nobody'"),
    (["aigul", "lumberjack"], "unknown role 'lumberjack'"),
    (["aigul"], "give a role for aigul"),
])
def test_assign_role_refuses_what_it_cannot_do(db, args, says):
    make_user("aigul")

    with pytest.raises(CommandError, match=says):
        call_command("assign_role", *args)


def test_a_token_is_issued_for_a_username_and_password(db):
    make_user("aigul", role="gardener")

    response = english_client().post("/api/v1/auth/token/", {"username": "aigul", "password": "pw-for-tests-1"},
                                     format="json")

    assert response.status_code == 200 and len(response.json()["token"]) == 40


def test_permissions_decide_not_group_names(city):
    impostor = make_user("impostor")
    impostor.groups.add(Group.objects.create(name="gardener"))  # the name, without its permissions
    granted = make_user("granted")
    granted.user_permissions.add(Permission.objects.get(codename="add_tree"))

    refused = client_for(impostor).post("/api/v1/trees/", {"location": POINT}, format="json")
    accepted = client_for(granted).post("/api/v1/trees/", {"location": POINT}, format="json")

    assert refused.status_code == 403 and accepted.status_code == 201
    assert Tree.objects.count() == 1


def test_volunteers_add_trees_and_conditions_but_do_not_change_trees_or_log_work(city, volunteer_client):
    created = volunteer_client.post("/api/v1/trees/", {"location": POINT}, format="json")
    tree = created.json()["id"]

    condition = volunteer_client.post(f"/api/v1/trees/{tree}/conditions/", {"condition": "good"}, format="json")
    change = volunteer_client.patch(f"/api/v1/trees/{tree}/", {"height_m": 5}, format="json")
    work = volunteer_client.post(f"/api/v1/trees/{tree}/maintenance/", {"kind": "watering"}, format="json")

    assert (created.status_code, condition.status_code) == (201, 201)
    assert (change.status_code, work.status_code) == (403, 403)


def test_moderators_can_do_what_gardeners_do(city, moderator_client):
    created = moderator_client.post("/api/v1/trees/", {"location": POINT}, format="json")
    tree = created.json()["id"]

    change = moderator_client.patch(f"/api/v1/trees/{tree}/", {"height_m": 5}, format="json")
    work = moderator_client.post(f"/api/v1/trees/{tree}/maintenance/", {"kind": "watering"}, format="json")

    assert (created.status_code, change.status_code, work.status_code) == (201, 200, 201)
