import pytest

from zhengzhi.org.models import Unit
from zhengzhi.org.tests.test_unit_pages import VISIBLE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_each_role_gets_its_units_from_the_api(client, units, people, who):
    client.force_login(people[who])
    listed = client.get("/api/v1/org/units").json()
    assert {u["code"] for u in listed["items"]} == VISIBLE[who]
    assert listed["count"] == len(VISIBLE[who])
    for unit in Unit.objects.all():
        response = client.get(f"/api/v1/org/units/{unit.pk}")
        assert response.status_code == (200 if unit.code in VISIBLE[who] else 404), unit.code


def test_flat_list_has_parent_ids_and_depth(client, units, people):
    client.force_login(people["admin"])
    items = {u["code"]: u for u in client.get("/api/v1/org/units").json()["items"]}
    assert items["liuan"]["parent_id"] == units["street"].pk
    assert items["liuan"]["depth"] == 3 and items["qc"]["parent_id"] is None
    assert items["liuan"]["level"] == "community" and items["cgj"]["level"] is None
    filtered = client.get("/api/v1/org/units", {"level": "street"}).json()
    assert {u["code"] for u in filtered["items"]} == {"donghu", "xishan"}


def test_tree_is_nested_and_scoped(client, units, people):
    client.force_login(people["street_leader"])
    tree = client.get("/api/v1/org/units/tree").json()
    assert [n["code"] for n in tree] == ["donghu"]
    assert {c["code"] for c in tree[0]["children"]} == {"liuan", "taoyuan"}
    client.force_login(people["admin"])
    roots = {n["code"]: n for n in client.get("/api/v1/org/units/tree").json()}
    assert set(roots) == {"lg", "qc", "cgj"}
    assert roots["lg"]["children"][0]["code"] == "office"


def test_unit_detail_counts_users(client, units, people):
    client.force_login(people["admin"])
    detail = client.get(f"/api/v1/org/units/{units['street'].pk}").json()
    assert detail["children"] == 2 and detail["active_users"] == 1
    assert detail["parent_id"] == units["district"].pk


def test_admin_creates_a_unit(client, units, people):
    client.force_login(people["admin"])
    response = client.post(
        "/api/v1/org/units",
        {
            "name": "湖滨社区",
            "code": "hubin",
            "kind": "territory",
            "level": "community",
            "division_code": "330199001003",
            "parent_id": units["street"].pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["parent_id"] == units["street"].pk


def test_invalid_unit_is_422_with_reasons(client, units, people):
    client.force_login(people["admin"])
    response = client.post(
        "/api/v1/org/units",
        {"name": "x", "code": "liuan", "kind": "territory", "level": "community",
         "division_code": "1", "parent_id": units["district"].pk},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    fields = {d["loc"][-1] for d in response.json()["detail"]}
    assert {"code", "division_code", "parent"} <= fields


def test_unknown_parent_and_garbage_are_4xx_not_500(client, units, people):
    client.force_login(people["admin"])
    response = client.post(
        "/api/v1/org/units",
        {"name": "x", "code": "x", "kind": "department", "parent_id": 999999},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert client.post(
        "/api/v1/org/units", "not json", content_type="application/json"
    ).status_code in (400, 422)
    assert client.get("/api/v1/org/units/abc").status_code == 422
    assert client.get("/api/v1/org/units", {"kind": "army"}).status_code == 422


@pytest.mark.parametrize("who", ["leader", "dispatcher", "street_leader", "handler"])
def test_only_the_office_admin_creates_units(client, units, people, who):
    client.force_login(people[who])
    response = client.post(
        "/api/v1/org/units",
        {"name": "x", "code": "x", "kind": "department"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Unit.objects.filter(code="x").exists()


def test_anonymous_gets_401(client, units):
    assert client.get("/api/v1/org/units").status_code == 401
