import datetime as dt

import pytest

from zhengzhi.campaigns.models import ProgressReport


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_list_read_and_scope(api, campaign, staff):
    c = api(staff["handler"])
    assert [x["id"] for x in c.get("/api/v1/campaigns/").json()] == [campaign.pk]
    body = c.get(f"/api/v1/campaigns/{campaign.pk}").json()
    assert [p["name"] for p in body["phases"]] == ["摸底排查", "集中拆除"]
    tasks = c.get(f"/api/v1/campaigns/{campaign.pk}/tasks").json()
    assert [a["unit_name"] for a in tasks[0]["assignments"]] == ["柳岸社区"]
    other = api(staff["other_handler"])
    assert other.get("/api/v1/campaigns/").json() == []
    assert other.get(f"/api/v1/campaigns/{campaign.pk}").status_code == 404
    assert other.get(f"/api/v1/campaigns/{campaign.pk}/sheet").status_code == 404


def test_submit_correct_and_errors(api, campaign, staff, units):
    c = api(staff["handler"])
    mine = campaign.task.assignments.get(unit=units["c1"])
    theirs = campaign.task.assignments.get(unit=units["c2"])
    day = campaign.starts_on + dt.timedelta(days=3)
    r = c.post(
        "/api/v1/campaigns/reports",
        {"assignment_id": mine.pk, "figure": "2", "period": day.isoformat(), "slot": 0},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["late"] is True
    again = c.post(
        "/api/v1/campaigns/reports",
        {"assignment_id": mine.pk, "figure": "2", "period": day.isoformat(), "slot": 0},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert (
        c.post(
            "/api/v1/campaigns/reports",
            {"assignment_id": theirs.pk, "figure": "1", "period": day.isoformat(), "slot": 0},
            content_type="application/json",
        ).status_code
        == 404
    )
    for bad in (
        {"assignment_id": mine.pk, "figure": "-1"},
        {"assignment_id": 2**70, "figure": "1"},
        {"assignment_id": mine.pk, "figure": "1", "slot": 99},
        {"assignment_id": mine.pk, "figure": "x"},
        {"assignment_id": mine.pk, "figure": "1", "period": "99999-01-01"},
    ):
        assert (
            c.post("/api/v1/campaigns/reports", bad, content_type="application/json").status_code
            == 422
        ), bad
    rid = r.json()["id"]
    fixed = c.post(
        f"/api/v1/campaigns/reports/{rid}/correct",
        {"figure": "1", "reason": "多报1处"},
        content_type="application/json",
    )
    assert fixed.status_code == 201 and fixed.json()["replaces_id"] == rid
    assert ProgressReport.objects.filter(is_current=True).count() == 1
    sheet = c.get(f"/api/v1/campaigns/{campaign.pk}/sheet?day={day}").json()
    assert float(sheet["tasks"][0]["cumulative"]) == 1.0
    assert c.get(f"/api/v1/campaigns/{campaign.pk}/sheet?day=garbage").status_code == 422


@pytest.mark.parametrize("day", ["0", "1", "86400", "1.5", "20260301", "2026-3-1"])
def test_the_sheet_takes_a_day_as_yyyy_mm_dd_only(api, campaign, staff, day):
    # Pydantic alone reads a number as seconds since 1970: `day=0` was the sheet of 1970-01-01.
    response = api(staff["handler"]).get(f"/api/v1/campaigns/{campaign.pk}/sheet", {"day": day})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "day" and error["type"] == "date_parsing"
