"""/api/v1/indicators/: the same figures as the page, scoped, and 400 with a reason on bad input."""

import pytest

from zhengzhi.ledger.tests import test_indicators as base
from zhengzhi.ledger.tests.test_indicators import C1_MARCH

pytestmark = pytest.mark.django_db

# The hand-counted ledger of March 2026, shared with the formula tests.
ledger, march = base.ledger, base.march

API = "/api/v1/indicators"
MARCH = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


def test_the_office_gets_every_unit_with_figures(client, staff, march, units):
    client.force_login(staff["leader"])
    body = client.get(f"{API}/units", MARCH).json()
    assert body["period"] == MARCH and body["by"] == "owner"
    rows = {r["unit_id"]: r for r in body["units"]}
    assert set(rows) == {units["c1"].pk, units["c2"].pk}
    c1 = rows[units["c1"].pk]
    assert {k: c1[k] for k in C1_MARCH} == C1_MARCH
    assert c1["on_time_rate"] == pytest.approx(0.4) and c1["mean_hours"] == pytest.approx(89)
    assert "on_time_rate" in body["definitions"]
    street = client.get(f"{API}/units", {**MARCH, "by": "street"}).json()["units"]
    assert [(r["unit_id"], r["due"]) for r in street] == [(units["street"].pk, 7)]


def test_a_unit_gets_only_its_own_units(client, staff, march, units):
    client.force_login(staff["street_leader"])
    rows = client.get(f"{API}/units", MARCH).json()["units"]
    assert {r["unit_id"] for r in rows} == {units["street"].pk, units["c1"].pk, units["c2"].pk}
    client.force_login(staff["other_handler"])
    rows = client.get(f"{API}/units", MARCH).json()["units"]
    assert [(r["unit_id"], r["due"]) for r in rows] == [(units["other_street"].pk, 0)]


def test_another_units_figures_are_not_found(client, staff, march, units):
    client.force_login(staff["other_handler"])
    response = client.get(f"{API}/units", {**MARCH, "unit": units["c1"].pk})
    assert response.status_code == 404
    client.force_login(staff["handler"])
    ok = client.get(f"{API}/units", {**MARCH, "unit": units["c1"].pk})
    assert ok.status_code == 200 and ok.json()["units"][0]["due"] == 6
    assert client.get(f"{API}/units", {**MARCH, "unit": 999999}).status_code == 404


def test_the_ranking_is_published_with_its_weights(client, staff, march, units):
    client.force_login(staff["other_handler"])
    body = client.get(f"{API}/ranking", {**MARCH, "level": "community"}).json()
    assert body["weights"]["on_time"] == 40 and body["min_volume"] == 10
    assert body["ranked"] == []  # nobody has 10 problems assessed
    assert {r["unit_id"] for r in body["too_few"]} == {units["c1"].pk, units["c2"].pk}
    assert body["means"]["on_time_rate"] == pytest.approx(3 / 6)
    dept = client.get(f"{API}/ranking", {**MARCH, "level": "department"}).json()
    assert [r["unit_id"] for r in dept["too_few"]] == [units["dept"].pk]


def test_it_needs_authentication(client):
    assert client.get(f"{API}/units", MARCH).status_code == 401
    assert client.get(f"{API}/ranking").status_code == 401


@pytest.mark.parametrize("endpoint", ["units", "ranking"])
@pytest.mark.parametrize(
    "query,reason",
    [
        ({"date_from": "2026-03-31", "date_to": "2026-03-01"}, "before"),
        ({"date_from": "2026-02-30", "date_to": "2026-03-01"}, "date"),
        ({"date_from": "yesterday", "date_to": "2026-03-01"}, "date"),
        ({"date_from": "2026-03-01"}, "both"),
        ({"date_from": "0001-01-01", "date_to": "9999-12-31"}, "between"),
        ({"period": "forever"}, "period"),
    ],
)
def test_bad_periods_answer_400_with_the_reason(client, staff, endpoint, query, reason):
    client.force_login(staff["admin"])
    response = client.get(f"{API}/{endpoint}", query)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    if reason in ("period",):
        assert "this_month" in detail


def test_bad_attribution_level_or_unit_answers_4xx(client, staff):
    client.force_login(staff["admin"])
    assert client.get(f"{API}/units", {**MARCH, "by": "grid"}).status_code == 400
    assert client.get(f"{API}/ranking", {**MARCH, "level": "province"}).status_code == 400
    assert client.get(f"{API}/units", {**MARCH, "unit": "abc"}).status_code == 422
    assert client.get(f"{API}/units", {**MARCH, "unit": str(2**70)}).status_code == 422
    assert client.get(f"{API}/units", {**MARCH, "period": "x\x00"}).status_code == 422


def test_named_periods_default_to_this_month(client, staff):
    client.force_login(staff["leader"])
    body = client.get(f"{API}/ranking").json()
    assert body["period"]["date_from"].endswith("-01")
    assert client.get(f"{API}/units", {"period": "last_quarter"}).status_code == 200


def test_it_is_in_the_openapi_schema(client, staff):
    client.force_login(staff["admin"])
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/indicators/units" in paths and "/api/v1/indicators/ranking" in paths
