import pytest

from zhengzhi.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def superadmin(client, people):
    admin = people["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    return admin


def test_django_admin_lists_users_units_and_tokens(client, superadmin, units):
    for url in (
        "/django-admin/accounts/user/",
        f"/django-admin/accounts/user/{superadmin.pk}/change/",
        "/django-admin/accounts/apitoken/",
        "/django-admin/org/unit/",
        f"/django-admin/org/unit/{units['street'].pk}/change/",
    ):
        assert client.get(url).status_code == 200, url


def test_non_staff_cannot_use_django_admin(client, people):
    client.force_login(people["dispatcher"])
    assert client.get("/django-admin/org/unit/").status_code == 302
    assert Unit.objects.count() == 8


def test_django_admin_holds_units_to_the_same_rules(client, superadmin, units):
    data = {
        "name": "错社区",
        "code": "cuo",
        "kind": "territory",
        "level": "community",
        "division_code": "330199002001",  # does not start with the street's code
        "phone": "",
        "address": "",
        "is_active": "on",
        "treebeard_position": "sorted-child",
        "treebeard_ref_node": units["street"].pk,
    }
    response = client.post("/django-admin/org/unit/add/", data)
    assert response.status_code == 200
    assert "division_code" in response.context["adminform"].form.errors
    assert not Unit.objects.filter(code="cuo").exists()
    data["division_code"] = "330199001003"
    response = client.post("/django-admin/org/unit/add/", data)
    assert response.status_code == 302
    unit = Unit.objects.get(code="cuo")
    assert Unit.objects.get_parent(unit) == units["street"]
