"""/api/v1/ledger/: list, read, record and categories; the same scope as the pages; bad input
is a 4xx, never a 500."""

import pytest

from zhengzhi.accounts.services import create_api_token
from zhengzhi.ledger.models import Problem
from zhengzhi.ledger.tests.exports_support import build_ledger

pytestmark = pytest.mark.django_db

API = "/api/v1/ledger"


@pytest.fixture
def ledger(new_problem, staff, units):
    return build_ledger(new_problem, staff, units)


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_list_pages_with_a_cursor(client, staff, ledger):
    client.force_login(staff["admin"])
    seen, url, pages = [], f"{API}/problems?size=4", 0
    while url:
        body = client.get(url).json()
        seen += [p["number"] for p in body["items"]]
        url = f"{API}/problems?size=4&after={body['next']}" if body["next"] else None
        pages += 1
    expected = list(
        Problem.objects.order_by("-reported_at", "-id").values_list("number", flat=True)
    )
    assert seen == expected and pages == 3


def test_the_list_filters_like_the_ledger_page(client, staff, ledger, units):
    client.force_login(staff["admin"])
    body = client.get(f"{API}/problems", {"status": "closed"}).json()
    assert [p["number"] for p in body["items"]] == [ledger["closed"].number]
    item = body["items"][0]
    assert item["category"] == {"code": "0401", "name": "占道经营"}
    assert item["owner_unit"]["name"] == "柳岸社区" and item["status_label"]
    body = client.get(f"{API}/problems", {"unit": units["c2"].pk}).json()
    assert [p["number"] for p in body["items"]] == [ledger["other_community"].number]
    body = client.get(f"{API}/problems", {"q": "违章搭建"}).json()
    assert [p["number"] for p in body["items"]] == [ledger["deferred"].number]


def test_a_unit_lists_only_what_it_may_see(client, staff, ledger):
    client.force_login(staff["c2_handler"])
    numbers = {p["number"] for p in client.get(f"{API}/problems").json()["items"]}
    assert numbers == {ledger["other_community"].number}
    client.force_login(staff["other_handler"])
    assert client.get(f"{API}/problems").json()["items"] == []


def test_another_units_problem_does_not_exist(client, staff, ledger):
    client.force_login(staff["other_handler"])
    p = ledger["closed"]
    assert client.get(f"{API}/problems/{p.pk}").status_code == 404
    assert client.get(f"{API}/problems/{10**9}").status_code == 404
    client.force_login(staff["handler"])
    assert client.get(f"{API}/problems/{p.pk}").status_code == 200


def test_token_callers_are_scoped_too(client, staff, ledger):
    _, key = create_api_token(staff["c2_handler"], "phone")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(f"{API}/problems/{ledger['closed'].pk}", **auth).status_code == 404
    items = client.get(f"{API}/problems", **auth).json()["items"]
    assert [p["number"] for p in items] == [ledger["other_community"].number]
    assert client.get(f"{API}/problems").status_code == 401


def test_the_list_costs_the_same_queries_for_50_rows_as_for_5(
    client, staff, new_problem, django_assert_max_num_queries
):
    client.force_login(staff["admin"])
    for i in range(5):
        new_problem(description=f"问题{i}")
    with django_assert_max_num_queries(8) as few:
        assert len(client.get(f"{API}/problems").json()["items"]) == 5
    for i in range(45):
        new_problem(description=f"问题{i}", lon=120.015)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(f"{API}/problems").json()["items"]) == 50


def test_read_gives_the_timeline_and_the_moves_of_this_caller(client, staff, ledger):
    p = ledger["reported_back"]
    client.force_login(staff["inspector"])
    body = client.get(f"{API}/problems/{p.pk}").json()
    assert [e["kind"] for e in body["timeline"]] == [
        "report",
        "register",
        "dispatch",
        "accept",
        "report_back",
    ]
    assert body["timeline"][-1]["note"] == "已清除" and body["timeline"][-1]["actor"] == "handler"
    assert body["moves"] == ["close", "rework"] and body["version"] == p.version
    client.force_login(staff["handler"])
    assert client.get(f"{API}/problems/{p.pk}").json()["moves"] == []
    deferred = client.get(f"{API}/problems/{ledger['deferred'].pk}").json()
    assert deferred["requests"][0]["kind"] == "deferral"
    assert deferred["requests"][0]["approver"] == "shiftlead"
    assert deferred["moves"] == ["report_back"]


def test_recording_a_problem(client, staff, categories, grids, units):
    client.force_login(staff["handler"])
    response = post(
        client,
        f"{API}/problems",
        {
            "source": "patrol",
            "category": "0401",
            "description": "店外占道",
            "lon": 120.005,
            "lat": 30.005,
            "address": "柳岸路8号",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "reported" and body["owner_unit"]["id"] == units["c1"].pk
    assert body["number"].endswith("-000001") and body["timeline"][0]["kind"] == "report"
    client.force_login(staff["dispatcher"])
    response = post(
        client,
        f"{API}/problems",
        {
            "source": "hotline",
            "category": "0101",
            "description": "垃圾",
            "address": "某路",
            "register_now": True,
        },
    )
    assert response.status_code == 201 and response.json()["status"] == "registered"


def test_a_leader_may_not_record(client, staff, categories, grids):
    client.force_login(staff["leader"])
    response = post(
        client,
        f"{API}/problems",
        {"source": "patrol", "category": "0401", "description": "x", "address": "y"},
    )
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"
    assert not Problem.objects.exists()


GOOD = {"source": "patrol", "category": "0401", "description": "占道", "address": "柳岸路"}


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({**GOOD, "category": "9999"}, 422),  # unknown category
        ({**GOOD, "category": "04"}, 422),  # a main category
        ({k: v for k, v in GOOD.items() if k != "description"}, 422),  # missing field
        ({**GOOD, "description": ""}, 422),
        ({**GOOD, "description": "   "}, 422),  # blank after trimming (service)
        ({**GOOD, "description": "长" * 5001}, 422),  # huge string
        ({**GOOD, "address": "路" * 201}, 422),
        ({**GOOD, "category": "0" * 5000}, 422),
        ({**GOOD, "source": "aliens"}, 422),
        ({**GOOD, "lon": "east"}, 422),  # wrong type
        ({**GOOD, "lon": 500, "lat": 30}, 422),
        ({**GOOD, "lon": 120.0}, 422),  # lon without lat
        ({**GOOD, "priority": 9}, 422),
        ({**GOOD, "photo_ids": ["not-a-uuid"]}, 422),
        ({**GOOD, "photo_ids": ["00000000-0000-0000-0000-000000000000"]}, 422),  # not found
        ({**GOOD, "description": "含\x00空字符"}, 422),
        ({k: v for k, v in GOOD.items() if k != "address"}, 422),  # no place at all
        ([1, 2, 3], 422),
    ],
)
def test_bad_input_is_refused_and_nothing_is_recorded(
    client, staff, categories, grids, body, status
):
    client.force_login(staff["handler"])
    response = post(client, f"{API}/problems", body)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert not Problem.objects.exists()


def test_bad_json_is_a_400(client, staff, categories):
    client.force_login(staff["handler"])
    response = client.post(f"{API}/problems", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert not Problem.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"after": "garbage"},
        {"after": "2026-13-01T00:00:00+00:00_5"},
        {"after": "2026-01-01T00:00:00_5"},  # no time zone
        {"size": 0},
        {"size": 100000},
        {"size": "many"},
        {"status": "x" * 5000},
        {"q": "a\x00b"},
    ],
)
def test_bad_list_parameters_are_refused(client, staff, ledger, query):
    client.force_login(staff["admin"])
    response = client.get(f"{API}/problems", query)
    assert response.status_code in (400, 422), response.content
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"unit": "abc"}, "unit"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_to": "2026-13-45"}, "date_to"),
        ({"status": "bogus"}, "status"),
        ({"source": "dispatched"}, "source"),
        ({"overdue": "yes"}, "overdue"),
        ({"pending": "maybe"}, "pending"),
    ],
)
def test_unreadable_filter_values_are_refused_with_the_reason(client, staff, ledger, query, named):
    client.force_login(staff["admin"])
    response = client.get(f"{API}/problems", query)
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(f"{named}: ")


def test_a_grid_may_be_given_by_its_name(client, staff, ledger, grids):
    client.force_login(staff["admin"])
    by_name = client.get(f"{API}/problems", {"grid": grids[0].name}).json()["items"]
    by_code = client.get(f"{API}/problems", {"grid": grids[0].code}).json()["items"]
    assert by_name and by_name == by_code
    assert client.get(f"{API}/problems", {"grid": "没有这个网格"}).json()["items"] == []


@pytest.mark.parametrize("path", ["99999999999999999999", "0", "-1", "abc"])
def test_bad_ids_are_refused(client, staff, ledger, path):
    client.force_login(staff["admin"])
    assert client.get(f"{API}/problems/{path}").status_code in (404, 422)
    response = post(client, f"{API}/problems/{path}/accept", {"version": 1})
    assert response.status_code in (404, 422)


def test_the_categories(client, staff, categories):
    client.force_login(staff["handler"])
    body = client.get(f"{API}/categories").json()
    street = next(m for m in body if m["code"] == "04")
    assert street["name"] == "街面秩序"
    vending = next(c for c in street["children"] if c["code"] == "0401")
    assert vending["department"]["name"] == "城管执法局" and vending["stages"]
    pipe = next(c for m in body for c in m["children"] if c["code"] == "1203")
    assert [s["name"] for s in pipe["stages"]] == ["围挡", "抢修", "恢复路面"]


def test_the_openapi_schema_documents_every_endpoint(client, staff):
    client.force_login(staff["admin"])
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for move in (
        "register",
        "reject",
        "dispatch",
        "accept",
        "request_return",
        "request_extension",
        "request_deferral",
        "decide_return",
        "decide_extension",
        "decide_deferral",
        "report_back",
        "close",
        "rework",
        "reopen",
        "merge",
    ):
        operation = paths[f"{API}/problems/{{problem_id}}/{move}"]["post"]
        assert operation["summary"] and "409" in operation["responses"], move
    assert paths[f"{API}/problems"]["get"]["summary"]
    assert paths[f"{API}/problems"]["post"]["summary"]
    assert paths[f"{API}/categories"]["get"]["summary"]
