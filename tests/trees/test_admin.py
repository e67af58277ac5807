import pytest
from django.urls import reverse

from tests.factories import elm, make_tree, make_user
from trees import services
from trees.models import Tree, TreeChange


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["tree", "greenarea", "species", "conditionrecord", "maintenanceevent",
                                   "citizenreport", "municipality", "administrativearea", "treechange"])
def test_every_model_has_a_working_admin_list(admin_client, city, by, model):
    make_tree(by=by)

    response = admin_client.get(reverse(f"admin:trees_{model}_changelist"))

    assert response.status_code == 200


def test_tree_page_shows_its_history_read_only(admin_client, city, by):
    tree = make_tree(by=by, species=elm())
    services.record_condition(tree=tree, by=by, condition="poor", notes="deep cavity at 1 m")

    page = admin_client.get(reverse("admin:trees_tree_change", args=[tree.pk])).content.decode()

    assert "deep cavity at 1 m" in page
    assert 'name="condition_records-0-condition"' not in page  # shown, not editable


def test_adding_a_tree_in_admin_goes_through_the_service(admin_client, city):
    response = admin_client.post(reverse("admin:trees_tree_add"), {
        "location": "SRID=4326;POINT(74.58 42.87)", "status": "alive",
        "height_m": "7", "external_ids": "{}", "address": "ул. Киевская 1",
        **{f"{prefix}-{k}": v for prefix in ("condition_records", "maintenance_events", "changes")
           for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))},
    })

    assert response.status_code == 302, response.content.decode()[:2000]
    tree = Tree.objects.get()
    assert tree.district.code == "west"
    assert TreeChange.objects.get(tree=tree).channel == "admin"


def test_admin_shows_a_service_error_next_to_the_field(admin_client, city):
    response = admin_client.post(reverse("admin:trees_tree_add"), {
        "location": "SRID=4326;POINT(10 10)", "status": "alive", "external_ids": "{}",
        **{f"{prefix}-{k}": v for prefix in ("condition_records", "maintenance_events", "changes")
           for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))},
    })

    assert response.status_code == 200
    assert "outside every municipality" in response.content.decode()
    assert not Tree.objects.exists()


def test_trees_cannot_be_deleted_in_admin(admin_client, city, by):
    tree = make_tree(by=by)

    response = admin_client.post(reverse("admin:trees_tree_delete", args=[tree.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Tree.objects.filter(pk=tree.pk).exists()
