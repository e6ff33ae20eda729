"""A leader account is read-only: the leader role goes with no other role, on the pages, in the
API, in the import and in the Django admin."""

import pytest
from django.conf import settings
from django.utils import translation

from zhengzhi.accounts.importing import import_users
from zhengzhi.accounts.models import User
from zhengzhi.accounts.rules import validate_user
from zhengzhi.accounts.services import update_user
from zhengzhi.accounts.tests.helpers import fresh
from zhengzhi.accounts.tests.test_import_users import HEADERS
from zhengzhi.core.roles import Role
from zhengzhi.org.tests.helpers import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


MESSAGE = "A leader account is read-only: the leader role cannot be combined with other roles."


def test_the_rules_refuse_leader_with_another_role(units):
    errors = validate_user(
        username="ld2",
        full_name="领导二",
        unit=units["district"],
        roles=[Role.LEADER, Role.DISPATCHER],
    )
    assert errors == {"roles": [MESSAGE]}
    assert (
        validate_user(
            username="ld2", full_name="领导二", unit=units["district"], roles=[Role.LEADER]
        )
        == {}
    )


def test_the_user_page_refuses_leader_with_another_role(client, people, units):
    client.force_login(people["admin"])
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "ld2",
            "full_name": "领导二",
            "unit": units["district"].pk,
            "roles": [Role.LEADER, Role.HANDLER],
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.context["form"].errors["roles"]
    assert not User.objects.filter(username="ld2").exists()


def test_the_api_refuses_leader_with_another_role(client, people, units):
    client.force_login(people["admin"])
    response = client.post(
        "/api/v1/accounts/users",
        {
            "username": "ld2",
            "full_name": "领导二",
            "unit_id": units["district"].pk,
            "roles": ["leader", "office_admin"],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "roles"], "msg": MESSAGE}]


def test_an_update_cannot_add_a_role_to_a_leader(people, units):
    with pytest.raises(Exception) as caught:
        update_user(
            people["leader"],
            full_name="leader",
            unit=units["district"],
            roles=[Role.LEADER, Role.INSPECTOR],
            actor=people["admin"],
        )
    assert MESSAGE in str(caught.value)
    assert fresh(people["leader"]).role_set == {Role.LEADER}


def test_the_import_refuses_leader_with_another_role(people):
    upload = xlsx(HEADERS, [["ld2", "领导二", "", "qc", "领导、受理派遣", "", ""]])
    result = import_users(upload, actor=people["admin"])
    assert not result.ok
    assert any(MESSAGE in str(e) for e in result.errors)
    assert not User.objects.filter(username="ld2").exists()
