import pytest

from zhengzhi.territory import services
from zhengzhi.territory.tests.conftest import C1, C2, collection, feature

API = "/api/v1/territory"


@pytest.fixture
def segments(units, people):
    line = {"type": "LineString", "coordinates": [[120.0, 30.0], [120.02, 30.0]]}
    services.import_segments(
        collection(
            feature(line, code="s-c1", name="柳岸路", unit="liuan"),
            feature(line, code="s-dept", name="环路", unit="cgj", community="taoyuan"),
        ),
        actor=people["admin"],
    )


def test_the_grid_list_is_scoped_and_paginated(client, people, grids):
    client.force_login(people["admin"])
    body = client.get(f"{API}/grids").json()
    assert body["count"] == 3 and [g["code"] for g in body["items"]] == [
        C1 + "001",
        C1 + "002",
        C2 + "001",
    ]
    assert body["items"][0]["community_name"] == "柳岸社区" and len(body["items"][0]["bbox"]) == 4
    assert (
        client.get(f"{API}/grids", {"limit": 1, "offset": 1}).json()["items"][0]["code"]
        == C1 + "002"
    )
    client.force_login(people["handler"])
    assert [g["code"] for g in client.get(f"{API}/grids").json()["items"]] == [
        C1 + "001",
        C1 + "002",
    ]
    client.force_login(people["other_handler"])
    assert client.get(f"{API}/grids").json()["count"] == 0


def test_the_grid_list_takes_a_fixed_number_of_queries(
    client, people, units, django_assert_max_num_queries
):
    from zhengzhi.territory.tests.test_pages import make_many

    make_many(units, people, 60)
    client.force_login(people["admin"])
    with django_assert_max_num_queries(9):
        body = client.get(f"{API}/grids", {"limit": 60}).json()
    assert len(body["items"]) == 60


def test_another_units_grid_is_not_found(client, people, grids):
    client.force_login(people["handler"])
    ok = client.get(f"{API}/grids/{grids['g1'].pk}")
    assert ok.status_code == 200 and ok.json()["geometry"]["type"] == "Polygon"
    assert client.get(f"{API}/grids/{grids['g3'].pk}").status_code == 404
    assert client.get(f"{API}/grids/999999").status_code == 404


def test_geojson_is_scoped(client, people, grids):
    client.force_login(people["handler"])
    fc = client.get(f"{API}/geojson").json()
    assert fc["type"] == "FeatureCollection"
    assert sorted(f["properties"]["code"] for f in fc["features"]) == [C1 + "001", C1 + "002"]
    client.force_login(people["dept_handler"])
    assert client.get(f"{API}/geojson").json()["features"] == []


def test_route_resolves_a_point(client, people, grids, boundaries, units):
    client.force_login(people["dispatcher"])
    body = client.get(f"{API}/route", {"lon": 120.01, "lat": 30.01}).json()
    assert body["via"] == "grid" and body["grid"]["code"] == C1 + "001"
    assert body["grid"]["worker"] == "handler" and body["unit"]["id"] == units["c1"].pk
    body = client.get(f"{API}/route", {"lon": 120.045, "lat": 30.04}).json()
    assert body["via"] == "boundary" and body["unit"]["name"] == "青川区" and body["grid"] is None
    body = client.get(f"{API}/route", {"lon": 0, "lat": 0}).json()
    assert body["via"] == "none" and body["unit"] is None


def test_route_keeps_another_units_grid_private(client, people, grids, units):
    # Where a problem goes is no secret (names), the grid itself and its worker are.
    client.force_login(people["other_handler"])
    body = client.get(f"{API}/route", {"lon": 120.005, "lat": 30.005}).json()
    assert body["via"] == "grid" and body["grid"] is None
    assert body["unit"] == {"id": None, "name": "柳岸社区"}
    assert body["community"]["name"] == "柳岸社区" and body["street"]["name"] == "东湖街道"
    text = str(body)
    assert C1 + "001" not in text and "13800000001" not in text and "handler" not in text
    assert str(grids["g1"].pk) not in [str(v) for v in body.values()]


def test_route_shows_a_grid_in_scope_in_full(client, people, grids, units):
    client.force_login(people["handler"])
    body = client.get(f"{API}/route", {"lon": 120.005, "lat": 30.005}).json()
    assert body["grid"]["code"] == C1 + "001" and body["grid"]["id"] == grids["g1"].pk
    assert body["grid"]["phone"] == "13800000001" and body["grid"]["worker"] == "handler"
    assert body["unit"] == {"id": units["c1"].pk, "name": "柳岸社区"}
    # Outside the handler's scope, the street is named but not identified.
    assert body["street"] == {"id": None, "name": "东湖街道"}


@pytest.mark.parametrize(
    "params, status",
    [
        ({"lon": "abc", "lat": 30}, 422),
        ({"lat": 30}, 422),
        ({"lon": 181, "lat": 30}, 400),
        ({"lon": 120, "lat": -91}, 400),
        ({"lon": "nan", "lat": 30}, 400),
        ({"lon": "inf", "lat": 30}, 400),
    ],
)
def test_route_refuses_bad_coordinates_with_a_reason(client, people, grids, params, status):
    client.force_login(people["admin"])
    response = client.get(f"{API}/route", params)
    assert response.status_code == status
    assert response.json()["detail"]


def test_the_api_needs_authentication(client, db):
    assert client.get(f"{API}/route", {"lon": 120, "lat": 30}).status_code == 401
    assert client.get(f"{API}/grids").status_code == 401


def test_segments_are_scoped(client, people, segments):
    client.force_login(people["admin"])
    assert client.get(f"{API}/segments").json()["count"] == 2
    client.force_login(people["handler"])
    assert [s["code"] for s in client.get(f"{API}/segments").json()["items"]] == ["s-c1"]
    client.force_login(people["dept_handler"])
    assert [s["code"] for s in client.get(f"{API}/segments").json()["items"]] == ["s-dept"]
    client.force_login(people["other_handler"])
    assert client.get(f"{API}/segments").json()["count"] == 0


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/grids?community={HUGE}",
        f"{API}/geojson?community={HUGE}",
        f"{API}/segments?community={HUGE}",
        f"{API}/grids/{HUGE}",
        f"{API}/grids?q=%00",
    ],
)
def test_values_the_database_cannot_hold_are_refused(client, people, grids, url):
    client.force_login(people["admin"])
    response = client.get(url)
    assert response.status_code == 422, response.content


@pytest.mark.parametrize(
    "url",
    [
        "/territory/grids/?q=%00",
        "/territory/grids/?community=99999999999999999999",
        "/territory/grids/99999999999999999999/",
        "/territory/map/where/?lon=%00&lat=1",
    ],
)
def test_the_grid_pages_take_the_same_input_without_a_500(client, people, grids, url):
    client.force_login(people["admin"])
    assert client.get(url).status_code in (200, 400, 404)
