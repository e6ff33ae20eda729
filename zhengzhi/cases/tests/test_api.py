"""/api/v1/cases/: the same scope as the pages, 4xx with reasons."""

import json

import pytest

from zhengzhi.cases.models import Case
from zhengzhi.cases.tests.conftest import file

pytestmark = pytest.mark.django_db
API = "/api/v1/cases/"


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def case(cpeople, types, retailer):
    return file(cpeople["officer"], types["off_channel"], site=retailer)


def test_file_read_and_move(as_user, cpeople, retailer, time_machine):
    from zhengzhi.conftest import local

    time_machine.move_to(local(2026, 6, 20, 10))
    client = as_user(cpeople["officer"])
    response = _post(
        client,
        API,
        {
            "type": "off_channel",
            "site_id": retailer.pk,
            "value": "0.6",
            "found_on": "2026-06-19",
            "goods": [{"description": "云烟", "quantity": "15", "unit": "carton"}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == "2026-00001" and body["sticks"] == 3000
    assert len(body["rechecks"]) == 3 and body["type"] == "off_channel"
    case_id = body["id"]
    assert client.get(f"{API}{case_id}").json()["party"] == "李四"
    response = _post(client, f"{API}{case_id}/advance", {"target": "decided", "version": 1})
    assert response.status_code == 422 and response.json()["code"] == "state"
    response = _post(client, f"{API}{case_id}/advance", {"target": "investigated", "version": 1})
    assert response.status_code == 200 and response.json()["state"] == "investigated"
    response = _post(client, f"{API}{case_id}/advance", {"target": "decided", "version": 1})
    assert response.status_code == 409
    recheck = body["rechecks"][0]["id"]
    response = _post(client, f"{API}rechecks/{recheck}/record", {"result": "clean"})
    assert response.status_code == 200
    response = _post(client, f"{API}rechecks/{recheck}/record", {"result": "clean"})
    assert response.status_code == 422 and response.json()["code"] == "done"
    listed = client.get(API, {"type": "off_channel"}).json()
    assert listed["count"] == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"type": "nope", "value": "1", "found_on": "2026-06-01", "party": "x"}, 422),
        ({"type": "smuggling", "value": "-1", "found_on": "2026-06-01", "party": "x"}, 422),
        ({"type": "smuggling", "value": "1", "found_on": "0", "party": "x"}, 422),
        ({"type": "smuggling", "value": "1", "found_on": "2026-06-01"}, 422),
        (
            {
                "type": "smuggling",
                "value": "1",
                "found_on": "2026-06-01",
                "party": "x",
                "goods": [{"description": "x", "quantity": "0.5", "unit": "stick"}],
            },
            422,
        ),
        (
            {
                "type": "smuggling",
                "value": "1",
                "found_on": "2026-06-01",
                "party": "x",
                "site_id": 999999,
            },
            404,
        ),
    ],
)
def test_bad_filings(as_user, cpeople, body, status):
    response = _post(as_user(cpeople["officer"]), API, body)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert not Case.objects.exists()


def test_scope(as_user, client, cpeople, case):
    assert as_user(cpeople["handler"]).get(f"{API}{case.pk}").status_code == 404
    assert as_user(cpeople["handler"]).get(API).json()["count"] == 0
    assert as_user(cpeople["police_user"]).get(f"{API}{case.pk}").status_code == 404
    response = _post(
        as_user(cpeople["handler"]), f"{API}{case.pk}/advance", {"target": "investigated"}
    )
    assert response.status_code == 404
    response = _post(
        as_user(cpeople["handler"]),
        API,
        {"type": "smuggling", "value": "1", "found_on": "2026-06-01", "party": "x"},
    )
    assert response.status_code == 403
    client.logout()
    assert client.get(f"{API}{case.pk}").status_code == 401


def test_transfer_then_the_police_read(as_user, cpeople, cunits, case):
    officer = as_user(cpeople["officer"])
    response = _post(
        officer,
        f"{API}{case.pk}/transfer",
        {"body": "police", "receiving_unit_id": cunits["police"].pk},
    )
    assert response.status_code == 200 and response.json()["state"] == "transferred"
    police = as_user(cpeople["police_user"])
    assert police.get(f"{API}{case.pk}").status_code == 200
    response = _post(police, f"{API}{case.pk}/advance", {"target": "closed"})
    assert response.status_code == 403


def test_tables(as_user, cpeople, county_year):
    client = as_user(cpeople["officer"])
    body = client.get(f"{API}tables", {"start": "2009-01-01", "end": "2009-12-31"}).json()
    assert body["total"]["cases"] == 119 and body["total"]["wan_sticks"] == "282.98"
    assert (
        client.get(f"{API}tables", {"start": "2009-12-31", "end": "2009-01-01"}).status_code == 422
    )
    assert client.get(f"{API}tables", {"start": "x", "end": "2009-01-01"}).status_code == 422
