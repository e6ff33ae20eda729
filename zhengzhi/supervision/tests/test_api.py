"""The API as the pages: drafts hidden from units, issuing by the office only, stale refused,
the dashboard's figures equal to the ledger's count of their links."""

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest

from zhengzhi.conftest import local
from zhengzhi.ledger.selectors import filter_problems
from zhengzhi.supervision.services import editions

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 12, 5, 10))]
API = "/api/v1/supervision"


@pytest.fixture
def draft(series, facts, leaders):
    e = editions.start_draft(series, dt.date(2026, 12, 3), actor=leaders["admin"])
    editions.draft(e.pk)
    e.refresh_from_db()
    return e


def test_a_unit_sees_no_draft_and_cannot_issue(client, draft, leaders):
    client.force_login(leaders["c2_handler"])
    assert client.get(f"{API}/editions").json() == []
    assert client.get(f"{API}/editions/{draft.pk}").status_code == 404
    r = client.post(
        f"{API}/editions/{draft.pk}/issue", {"version": draft.version}, "application/json"
    )
    assert r.status_code == 404


def test_the_office_issues_once_and_stale_is_409(client, draft, leaders):
    client.force_login(leaders["admin"])
    stale = client.post(
        f"{API}/editions/{draft.pk}/issue", {"version": draft.version - 1}, "application/json"
    )
    assert stale.status_code == 409
    ok = client.post(
        f"{API}/editions/{draft.pk}/issue", {"version": draft.version}, "application/json"
    )
    assert ok.status_code == 200 and ok.json()["number"] == 1
    again = client.post(
        f"{API}/editions/{draft.pk}/issue", {"version": draft.version}, "application/json"
    )
    assert again.status_code == 422
    client.force_login(leaders["c2_handler"])
    detail = client.get(f"{API}/editions/{draft.pk}").json()
    assert detail["documents"] == ["docx"] and detail["data"]["overdue"]["total"] == 2


def test_the_dashboards_figures_are_the_ledgers(client, facts, leaders):
    for who in ("leader", "c1_leader"):
        client.force_login(leaders[who])
        data = client.get(f"{API}/dashboard").json()
        assert data["page"] == ("office" if who == "leader" else "unit")
        for figure in data["figures"].values():
            params = dict(parse_qsl(urlsplit(figure["url"]).query))
            assert figure["count"] == filter_problems(leaders[who], params).count()
    client.force_login(leaders["handler"])
    assert client.get(f"{API}/dashboard").status_code == 404
