"""Input the database cannot hold is a 422 naming the field, never a 500 (NUL on PostgreSQL,
integers past 2^63 on SQLite, values longer than their column)."""

import pytest

from zhengzhi.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def body(unit, **over):
    return {
        "username": "gw99",
        "full_name": "王网格",
        "unit_id": unit.pk,
        "roles": ["handler"],
        **over,
    }


def locs(response):
    return [tuple(d["loc"]) for d in response.json()["detail"]]


def test_a_nul_in_a_filter_is_refused(client, people):
    client.force_login(people["admin"])
    response = client.get("/api/v1/accounts/users", {"q": "a\x00b"})
    assert response.status_code == 422


@pytest.mark.parametrize("field", ["username", "full_name", "phone", "email", "password"])
def test_a_nul_in_a_new_user_is_refused(client, people, units, field):
    client.force_login(people["admin"])
    response = client.post(
        "/api/v1/accounts/users",
        body(units["c1"], **{field: "abc\x00def"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert field in response.json()["detail"][0]["msg"]
    assert not User.objects.filter(username__startswith="gw99").exists()


def test_an_email_longer_than_its_column_is_refused(client, people, units):
    client.force_login(people["admin"])
    response = client.post(
        "/api/v1/accounts/users",
        body(units["c1"], email="a" * 290 + "@example.com"),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert ("body", "email") in locs(response)
    assert not User.objects.filter(username="gw99").exists()


def test_a_nul_in_a_token_name_is_refused(client, people):
    client.force_login(people["handler"])
    response = client.post(
        "/api/v1/accounts/tokens", {"name": "大屏\x00"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/accounts/users?unit={HUGE}",
        f"/api/v1/accounts/users/{HUGE}",
        "/api/v1/accounts/users?unit=0",
    ],
)
def test_an_id_past_the_database_range_is_refused(client, people, url):
    client.force_login(people["admin"])
    assert client.get(url).status_code == 422


def test_a_unit_id_past_the_database_range_is_refused(client, people, units):
    client.force_login(people["admin"])
    response = client.post(
        "/api/v1/accounts/users",
        {**body(units["c1"]), "unit_id": int(HUGE)},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "unit_id"


def test_a_token_id_past_the_database_range_is_refused(client, people):
    client.force_login(people["handler"])
    assert client.delete(f"/api/v1/accounts/tokens/{HUGE}").status_code == 422


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/users/?q=%00",
        "/accounts/users/?unit=99999999999999999999",
        "/accounts/users/new/?unit=99999999999999999999",
        "/accounts/users/99999999999999999999/",
    ],
)
def test_the_user_pages_take_the_same_input_without_a_500(client, people, url):
    client.force_login(people["admin"])
    assert client.get(url).status_code in (200, 404)
