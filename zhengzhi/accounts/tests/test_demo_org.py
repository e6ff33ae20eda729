import pytest

from zhengzhi.accounts.demo import DEMO_PASSWORD, build_demo_org
from zhengzhi.core.roles import Role
from zhengzhi.org.models import Unit
from zhengzhi.org.scope import visible_units

pytestmark = pytest.mark.django_db


def test_demo_org_builds_the_district_and_one_user_per_role():
    org = build_demo_org()
    assert org["district"].division_code == "330199"
    assert [s.name for s in org["streets"]] == ["东湖街道", "西山镇"]
    assert len(org["communities"]) == 8
    assert all(len(c.division_code) == 12 for c in org["communities"])
    assert {"cgj", "scjgj", "yczmj", "gafj"} <= set(org["departments"])
    assert Unit.objects.get_parent(org["office"]) == org["leading_group"]
    users = org["users"]
    assert users["admin"].has_role(Role.OFFICE_ADMIN) and users["admin"].unit == org["office"]
    assert users["leader"].unit == org["district"]
    assert users["streetlead"].unit.code == "donghu"
    assert users["handler"].unit.code == "liuan"
    assert users["depthandler"].unit.code == "cgj"
    assert len([u for u in users if u.startswith("gw")]) == 16
    assert all(len(workers) == 2 for workers in org["grid_workers"].values())
    assert all(not problems for problems in Unit.objects.find_problems())


def test_demo_org_is_idempotent_and_passwords_work_after_a_rerun(client):
    first = build_demo_org()
    admin = first["users"]["admin"]
    admin.set_password("Changed-Passw0rd!")
    admin.save()
    units_before = Unit.objects.count()
    second = build_demo_org()
    assert Unit.objects.count() == units_before
    assert second["users"]["admin"].pk == admin.pk
    for username, user in second["users"].items():
        assert user.check_password(DEMO_PASSWORD), username
        assert not user.password_expired()
    response = client.post(
        "/accounts/login/", {"username": "streetlead", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # not sent to change the password


def test_demo_scopes_match_their_roles():
    org = build_demo_org()
    users = org["users"]
    street = {u.code for u in visible_units(users["streetlead"])}
    assert street == {"donghu", "liuan", "taoyuan", "hubin", "xinhua"}
    assert {u.code for u in visible_units(users["gw03"])} == {"taoyuan"}
    assert visible_units(users["leader"]).count() == Unit.objects.count()
