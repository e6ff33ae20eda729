import pytest

from zhengzhi.accounts.models import ApiToken, User
from zhengzhi.accounts.services import create_api_token
from zhengzhi.accounts.tests.test_user_pages import VISIBLE
from zhengzhi.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_each_role_gets_the_users_of_its_scope(client, people, who):
    client.force_login(people[who])
    listed = client.get("/api/v1/accounts/users").json()
    assert {u["username"] for u in listed["items"]} == VISIBLE[who]
    for name, user in people.items():
        status = client.get(f"/api/v1/accounts/users/{user.pk}").status_code
        assert status == (200 if name in VISIBLE[who] else 404), name


def test_token_callers_are_scoped_too(client, people):
    _, key = create_api_token(people["handler"], "t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    other = people["other_handler"]
    assert client.get(f"/api/v1/accounts/users/{other.pk}", **auth).status_code == 404
    assert client.get("/api/v1/accounts/users", **auth).json()["count"] == 1


def test_me(client, people):
    client.force_login(people["leader"])
    me = client.get("/api/v1/accounts/me").json()
    assert me["roles"] == ["leader"] and me["unit"]["code"] == "qc"
    assert me["sees_all_units"] is True and me["can_write"] is False
    assert me["password_expired"] is False


def test_user_filters(client, people, units):
    client.force_login(people["admin"])
    got = client.get("/api/v1/accounts/users", {"unit": units["street"].pk}).json()
    assert {u["username"] for u in got["items"]} == {"street_leader", "handler"}
    got = client.get("/api/v1/accounts/users", {"role": "leader"}).json()
    assert [u["username"] for u in got["items"]] == ["leader"]
    assert client.get("/api/v1/accounts/users", {"role": "king"}).status_code == 422


def test_filtering_by_a_unit_outside_the_scope_is_not_found(client, people, units):
    client.force_login(people["street_leader"])
    response = client.get("/api/v1/accounts/users", {"unit": units["other_street"].pk})
    assert response.status_code == 404


def test_admin_creates_a_user(client, people, units):
    client.force_login(people["admin"])
    response = client.post(
        "/api/v1/accounts/users",
        {"username": "api1", "full_name": "接口", "unit_id": units["c2"].pk,
         "roles": ["handler", "核查员"]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["roles"] == ["handler", "inspector"]
    body = response.json()
    user = User.objects.get(username="api1")
    assert user.check_password(body["temporary_password"]) and user.must_change_password


def test_invalid_user_is_422_with_reasons(client, people, units):
    client.force_login(people["admin"])
    response = client.post(
        "/api/v1/accounts/users",
        {"username": "admin", "full_name": "", "unit_id": units["c2"].pk,
         "roles": ["king"], "password": "weak"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    fields = {d["loc"][-1] for d in response.json()["detail"]}
    assert {"username", "full_name", "roles", "password"} <= fields
    response = client.post(
        "/api/v1/accounts/users",
        {"username": "x", "full_name": "x", "unit_id": 999999, "roles": ["handler"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert client.post(
        "/api/v1/accounts/users", "{", content_type="application/json"
    ).status_code in (400, 422)


@pytest.mark.parametrize("who", ["leader", "street_leader", "dispatcher"])
def test_only_the_office_admin_creates_users(client, people, units, who):
    client.force_login(people[who])
    response = client.post(
        "/api/v1/accounts/users",
        {"username": "api1", "full_name": "接口", "unit_id": units["c2"].pk,
         "roles": [Role.OFFICE_ADMIN]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403
    assert not User.objects.filter(username="api1").exists()


def test_tokens_list_create_revoke(client, people):
    client.force_login(people["handler"])
    created = client.post(
        "/api/v1/accounts/tokens", {"name": "脚本"}, content_type="application/json"
    )
    assert created.status_code == 201
    key = created.json()["key"]
    listed = client.get("/api/v1/accounts/tokens").json()
    assert [t["name"] for t in listed] == ["脚本"] and "key" not in listed[0]
    token_id = created.json()["id"]
    assert client.delete(f"/api/v1/accounts/tokens/{token_id}").status_code == 204
    assert client.delete(f"/api/v1/accounts/tokens/{token_id}").status_code == 404
    assert ApiToken.objects.get(pk=token_id).revoked_at is not None
    client.logout()
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    empty = client.post("/api/v1/accounts/tokens", {"name": ""}, content_type="application/json")
    assert empty.status_code in (401, 422)


def test_another_users_token_cannot_be_revoked(client, people):
    token, _ = create_api_token(people["dispatcher"], "t")
    client.force_login(people["admin"])
    assert client.delete(f"/api/v1/accounts/tokens/{token.pk}").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
