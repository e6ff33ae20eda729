"""Input the database cannot hold is a 422 naming the field, never a 500."""

import pytest

from zhengzhi.org.models import Unit

pytestmark = pytest.mark.django_db


def unit_body(units, **over):
    return {
        "name": "湖滨社区",
        "code": "hubin",
        "kind": "territory",
        "level": "community",
        "division_code": "330199001003",
        "parent_id": units["street"].pk,
        **over,
    }


def test_a_nul_in_the_filter_is_refused(client, people):
    client.force_login(people["admin"])
    assert client.get("/api/v1/org/units", {"q": "\x00"}).status_code == 422


@pytest.mark.parametrize("field", ["name", "phone", "address", "code", "division_code"])
def test_a_nul_in_a_new_unit_is_refused(client, people, units, field):
    client.force_login(people["admin"])
    response = client.post(
        "/api/v1/org/units",
        unit_body(units, **{field: "湖\x00滨"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Unit.objects.filter(code__startswith="hubin").exists()


@pytest.mark.parametrize("url", ["/api/v1/org/units/99999999999999999999", "/api/v1/org/units/0"])
def test_an_id_past_the_database_range_is_refused(client, people, url):
    client.force_login(people["admin"])
    assert client.get(url).status_code == 422


def test_a_parent_id_past_the_database_range_is_refused(client, people, units):
    client.force_login(people["admin"])
    response = client.post(
        "/api/v1/org/units",
        unit_body(units, parent_id=2**64),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "parent_id"


@pytest.mark.parametrize(
    "url",
    [
        "/org/units/?q=%00",
        "/org/units/new/?parent=99999999999999999999",
        "/org/units/99999999999999999999/",
    ],
)
def test_the_unit_pages_take_the_same_input_without_a_500(client, people, url):
    client.force_login(people["admin"])
    assert client.get(url).status_code in (200, 404)
