import pytest

from zhengzhi.accounts.models import User
from zhengzhi.accounts.tests.helpers import fresh
from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import make_user
from zhengzhi.core.roles import Role

pytestmark = pytest.mark.django_db

EVERYONE = {
    "admin", "dispatcher", "street_leader", "handler", "other_handler", "dept_handler",
    "leader", "inspector", "followup",
}  # fmt: skip
VISIBLE = {
    "admin": EVERYONE,
    "dispatcher": EVERYONE,
    "inspector": EVERYONE,
    "followup": EVERYONE,
    "leader": EVERYONE,
    "street_leader": {"street_leader", "handler"},
    "handler": {"handler"},
    "other_handler": {"other_handler"},
    "dept_handler": {"dept_handler"},
}


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_each_role_sees_the_users_of_its_scope_only(client, people, who):
    client.force_login(people[who])
    page = client.get("/accounts/users/")
    assert page.status_code == 200
    assert {u.username for u in page.context["users"]} == VISIBLE[who]
    for name, user in people.items():
        status = client.get(f"/accounts/users/{user.pk}/").status_code
        assert status == (200 if name in VISIBLE[who] else 404), name


@pytest.mark.parametrize("who", ["leader", "street_leader", "dispatcher", "handler"])
def test_only_the_office_admin_changes_users(client, people, who):
    client.force_login(people[who])
    target = people["handler"]
    assert client.get("/accounts/users/new/").status_code == 404
    assert client.get(f"/accounts/users/{target.pk}/edit/").status_code == 404
    assert client.post(f"/accounts/users/{target.pk}/deactivate/").status_code == 404
    assert client.get("/accounts/users/import/").status_code == 404
    assert fresh(target).is_active
    assert client.get(f"/accounts/users/{target.pk}/").context["can_manage"] is False


def test_list_filters(client, people, units):
    client.force_login(people["admin"])
    page = client.get("/accounts/users/", {"unit": units["street"].pk})
    assert {u.username for u in page.context["users"]} == {"street_leader", "handler"}
    page = client.get("/accounts/users/", {"role": Role.HANDLER})
    assert {u.username for u in page.context["users"]} == {
        "handler", "other_handler", "dept_handler"}  # fmt: skip
    page = client.get("/accounts/users/", {"q": "dispa"})
    assert [u.username for u in page.context["users"]] == ["dispatcher"]
    people["followup"].is_active = False
    people["followup"].save()
    page = client.get("/accounts/users/", {"active": "0"})
    assert [u.username for u in page.context["users"]] == ["followup"]


def test_a_unit_outside_the_scope_is_not_a_filter_choice(client, people, units):
    client.force_login(people["street_leader"])
    page = client.get("/accounts/users/", {"unit": units["other_street"].pk})
    assert "unit" in page.context["form"].errors
    assert {u.username for u in page.context["users"]} == VISIBLE["street_leader"]


def test_list_is_paginated_with_constant_queries(
    client, people, units, django_assert_max_num_queries
):
    for i in range(60):
        make_user(f"w{i:02d}", units["c1"], Role.HANDLER)
    client.force_login(people["admin"])
    with django_assert_max_num_queries(14):
        page = client.get("/accounts/users/")
    assert len(page.context["users"]) == 50 and page.context["page"].has_next()
    with django_assert_max_num_queries(14):
        second = client.get("/accounts/users/", {"page": 2})
    assert len(second.context["users"]) == 69 - 50


def test_admin_creates_a_user_with_an_initial_password(client, people, units):
    client.force_login(people["admin"])
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "newbie",
            "full_name": "新人",
            "unit": units["c2"].pk,
            "roles": [Role.HANDLER, Role.INSPECTOR],
            "phone": "13900001111",
            "email": "",
            "password": "Qz7!initial-pw",
        },
    )
    user = User.objects.get(username="newbie")
    assert response.status_code == 302 and response.url == f"/accounts/users/{user.pk}/"
    assert user.must_change_password and user.check_password("Qz7!initial-pw")
    assert user.role_set == {Role.HANDLER, Role.INSPECTOR} and user.unit == units["c2"]
    event = AuditEvent.objects.get(action="user.create")
    assert event.data["roles"] == ["handler", "inspector"] and event.actor_id == people["admin"].pk


def test_admin_creates_a_user_with_a_generated_password(client, people, units):
    client.force_login(people["admin"])
    response = client.post(
        "/accounts/users/new/",
        {"username": "gen", "full_name": "生成", "unit": units["c2"].pk,
         "roles": [Role.HANDLER]},
    )  # fmt: skip
    assert response.status_code == 200
    password = response.context["password"]
    assert User.objects.get(username="gen").check_password(password)


def test_a_bad_user_form_keeps_what_was_typed(client, people, units):
    client.force_login(people["admin"])
    response = client.post(
        "/accounts/users/new/",
        {"username": "Handler", "full_name": "重名", "unit": units["c2"].pk,
         "roles": [Role.HANDLER], "email": "not-an-email", "password": "short",
         "phone": "13900001111"},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"username", "email", "password"} <= set(errors)
    body = response.content.decode()
    assert 'value="重名"' in body and 'value="13900001111"' in body
    assert not User.objects.filter(full_name="重名").exists()


def test_admin_edits_roles_and_unit(client, people, units):
    client.force_login(people["admin"])
    target = people["handler"]
    page = client.get(f"/accounts/users/{target.pk}/edit/")
    assert page.context["form"].initial["roles"] == [Role.HANDLER]
    response = client.post(
        f"/accounts/users/{target.pk}/edit/",
        {"full_name": "周婷", "unit": units["c2"].pk, "roles": [Role.UNIT_LEADER],
         "phone": "", "email": "zt@example.com"},
    )  # fmt: skip
    assert response.status_code == 302
    user = fresh(target)
    assert user.role_set == {Role.UNIT_LEADER} and user.unit == units["c2"]
    event = AuditEvent.objects.get(action="user.update")
    assert event.data["roles"] == [["handler"], ["unit_leader"]]
    assert event.data["unit"] == ["柳岸社区", "桃园社区"]


def test_the_last_office_admin_keeps_the_role(client, people, units):
    client.force_login(people["admin"])
    me = people["admin"]
    response = client.post(
        f"/accounts/users/{me.pk}/edit/",
        {"full_name": "admin", "unit": units["office"].pk, "roles": [Role.DISPATCHER]},
    )
    assert response.status_code == 200 and "roles" in response.context["form"].errors
    assert fresh(me).has_role(Role.OFFICE_ADMIN)


def test_deactivate_and_reactivate(client, people):
    client.force_login(people["admin"])
    target = people["handler"]
    assert client.post(f"/accounts/users/{target.pk}/deactivate/").status_code == 302
    assert not fresh(target).is_active
    assert client.post(f"/accounts/users/{target.pk}/reactivate/").status_code == 302
    assert fresh(target).is_active
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"user.deactivate", "user.reactivate"} <= actions


def test_admin_cannot_deactivate_themselves(client, people):
    client.force_login(people["admin"])
    client.post(f"/accounts/users/{people['admin'].pk}/deactivate/")
    assert fresh(people["admin"]).is_active


def test_a_deactivated_user_is_signed_out(client, people):
    client.force_login(people["handler"])
    people["handler"].is_active = False
    people["handler"].save()
    assert client.get("/").status_code == 302
