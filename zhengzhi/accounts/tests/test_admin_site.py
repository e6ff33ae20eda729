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
