"""The Django admin is held to the same rules as the pages: every change of a user is audited,
and units are read-only there (the unit pages change them, through the services)."""

import pytest
from django.conf import settings
from django.utils import translation

from zhengzhi.accounts.models import User, UserRole
from zhengzhi.accounts.tests.helpers import fresh
from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import PASSWORD
from zhengzhi.core.roles import Role
from zhengzhi.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def superadmin(client, people):
    admin = people["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return admin


def change_form(user, **over):
    roles = list(user.roles.order_by("pk"))
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "unit": user.unit_id or "",
        "language": user.language,
        "is_active": "on",
        "roles-TOTAL_FORMS": str(len(roles)),
        "roles-INITIAL_FORMS": str(len(roles)),
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for i, role in enumerate(roles):
        data[f"roles-{i}-id"] = role.pk
        data[f"roles-{i}-user"] = user.pk
        data[f"roles-{i}-role"] = role.role
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def add_role(data, user, role):
    n = int(data["roles-TOTAL_FORMS"])
    data[f"roles-{n}-user"] = user.pk
    data[f"roles-{n}-role"] = role
    data["roles-TOTAL_FORMS"] = str(n + 1)
    return data


def test_promoting_a_handler_in_the_admin_is_audited(client, superadmin, people, units):
    handler = people["handler"]
    data = change_form(handler, unit=units["office"].pk, is_staff="on", is_superuser="on")
    add_role(data, handler, Role.OFFICE_ADMIN)
    response = client.post(f"/django-admin/accounts/user/{handler.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["errors"]
    handler = fresh(handler)
    assert handler.is_superuser and handler.unit == units["office"]
    assert handler.role_set == {Role.HANDLER, Role.OFFICE_ADMIN}
    event = AuditEvent.objects.get(action="user.update", object_id=str(handler.pk))
    assert event.actor_id == superadmin.pk
    assert event.data["is_superuser"] == [False, True]
    assert event.data["is_staff"] == [False, True]
    assert event.data["unit"] == ["柳岸社区", "创卫办"]
    assert event.data["roles"] == [["handler"], ["handler", "office_admin"]]
    assert event.data["via"] == "django-admin"


def test_an_admin_save_without_changes_writes_no_row(client, superadmin, people):
    before = AuditEvent.objects.count()
    handler = people["handler"]
    response = client.post(
        f"/django-admin/accounts/user/{handler.pk}/change/", change_form(handler)
    )
    assert response.status_code == 302
    assert AuditEvent.objects.count() == before


def test_the_admin_refuses_a_leader_with_another_role(client, superadmin, people):
    leader = people["leader"]
    data = add_role(change_form(leader), leader, Role.DISPATCHER)
    response = client.post(f"/django-admin/accounts/user/{leader.pk}/change/", data)
    assert response.status_code == 200
    assert "the leader role cannot be combined" in response.content.decode()
    assert fresh(leader).role_set == {Role.LEADER}


def test_a_user_added_in_the_admin_must_change_the_password_and_is_audited(client, superadmin):
    response = client.post(
        "/django-admin/accounts/user/add/",
        {
            "username": "viaadmin",
            "usable_password": "true",
            "password1": "Qz7!admin-chosen",
            "password2": "Qz7!admin-chosen",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="viaadmin")
    assert user.password_changed_at is not None and user.must_change_password
    assert user.password_expired()
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.data["via"] == "django-admin" and event.actor_id == superadmin.pk


def test_deleting_a_user_in_the_admin_is_audited(client, superadmin, people):
    followup = people["followup"]
    response = client.post(f"/django-admin/accounts/user/{followup.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=followup.pk).exists()
    event = AuditEvent.objects.get(action="user.delete", object_id=str(followup.pk))
    assert event.data["username"] == "followup" and event.data["roles"] == ["followup"]


def test_units_are_read_only_in_the_admin(client, superadmin, units):
    street = units["street"]
    assert client.get("/django-admin/org/unit/").status_code == 200
    assert client.get(f"/django-admin/org/unit/{street.pk}/change/").status_code == 200
    data = {
        "name": "改名街道",
        "code": "donghu",
        "kind": "territory",
        "level": "street",
        "division_code": "330199001",
        "treebeard_position": "sorted-child",
        "treebeard_ref_node": units["district"].pk,
    }
    assert client.post(f"/django-admin/org/unit/{street.pk}/change/", data).status_code == 403
    assert client.post("/django-admin/org/unit/add/", {**data, "code": "x"}).status_code == 403
    assert (
        client.post(f"/django-admin/org/unit/{street.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    moved = client.post(
        "/django-admin/org/unit/move/",
        {"node_id": units["c2"].pk, "sibling_id": units["other_street"].pk, "as_child": 1},
    )
    assert moved.status_code in (302, 400, 403)
    assert Unit.objects.get(pk=street.pk).name == "东湖街道"
    assert Unit.objects.get_parent(Unit.objects.get(pk=units["c2"].pk)) == street


def test_roles_cannot_be_edited_without_the_rules(client, superadmin, people):
    # An unknown role is refused by the model's choices; the last office admin keeps the role.
    admin = superadmin
    data = change_form(admin)
    data["roles-0-DELETE"] = "on"
    with translation.override("en"):
        response = client.post(f"/django-admin/accounts/user/{admin.pk}/change/", data)
    assert response.status_code == 200
    assert "last active office administrator" in response.content.decode()
    assert UserRole.objects.filter(user=admin, role=Role.OFFICE_ADMIN).exists()
    assert fresh(admin).check_password(PASSWORD)


def test_tokens_are_revoked_in_the_admin_through_the_service(client, superadmin, people):
    from zhengzhi.accounts.models import ApiToken
    from zhengzhi.accounts.services import create_api_token

    token, _key = create_api_token(people["handler"], "大屏")
    change = client.post(f"/django-admin/accounts/apitoken/{token.pk}/change/", {"name": "x"})
    assert change.status_code == 403
    response = client.post(
        "/django-admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEvent.objects.filter(action="token.revoke", object_id=str(token.pk)).exists()
