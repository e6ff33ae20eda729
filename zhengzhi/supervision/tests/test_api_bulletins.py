"""The API's series, drafting, editing, issuing and documents, scoped as the pages: the office
writes; a unit reads issued editions only and everything else is 404 to it; bad input is 4xx
with its reason; every change is in the audit log."""

import pytest

from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import local
from zhengzhi.supervision.models import Edition, EditionStatus, Series

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 12, 5, 10))]
API = "/api/v1/supervision"
JSON = "application/json"
SERIES = {
    "name": "创卫简报",
    "kind": "brief",
    "issuer": "区创卫办",
    "frequency": "weekly",
    "ranking_level": "community",
    "photos": 3,
}


def actions(name: str) -> int:
    return AuditEvent.objects.filter(action=name).count()


def test_the_office_creates_lists_and_changes_series(client, leaders):
    client.force_login(leaders["admin"])
    r = client.post(f"{API}/series", SERIES, JSON)
    assert r.status_code == 201, r.content
    s = r.json()
    assert (s["name"], s["frequency"], s["campaign"], s["is_active"]) == (
        "创卫简报", "weekly", None, True,
    )  # fmt: skip
    assert [x["id"] for x in client.get(f"{API}/series").json()] == [s["id"]]
    r = client.patch(f"{API}/series/{s['id']}", {"version": s["version"], "photos": 5}, JSON)
    assert r.status_code == 200 and r.json()["photos"] == 5 and r.json()["name"] == "创卫简报"
    stale = client.patch(f"{API}/series/{s['id']}", {"version": s["version"], "photos": 6}, JSON)
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    off = client.patch(f"{API}/series/{s['id']}", {"version": s["version"] + 1, "is_active": False}, JSON)  # fmt: skip
    assert off.json()["is_active"] is False
    assert actions("supervision.series.saved") == 3
    assert Series.objects.get().photos == 5


@pytest.mark.parametrize(
    "change, field",
    [
        ({"photos": 21}, "photos"),
        ({"frequency": "daily"}, "frequency"),
        ({"campaign": 999999}, "campaign"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_series_are_422_with_the_field(client, leaders, change, field):
    client.force_login(leaders["admin"])
    r = client.post(f"{API}/series", SERIES | change, JSON)
    assert r.status_code == 422 and field in r.json()["errors"], r.content
    assert not Series.objects.exists()


def test_series_are_not_found_to_anyone_but_the_office(client, leaders, series):
    for who in ("c2_handler", "c1_leader", "leader"):
        client.force_login(leaders[who])
        assert client.get(f"{API}/series").status_code == 404
        assert client.get(f"{API}/series/{series.pk}").status_code == 404
        assert client.post(f"{API}/series", SERIES, JSON).status_code == 404
        patch = client.patch(f"{API}/series/{series.pk}", {"version": 1, "photos": 1}, JSON)
        assert patch.status_code == 404
        drafted = client.post(f"{API}/series/{series.pk}/editions", {"day": "2026-12-03"}, JSON)
        assert drafted.status_code == 404
    assert not Edition.objects.exists() and actions("supervision.series.saved") == 0


@pytest.fixture
def drafted(client, facts, leaders, series, django_capture_on_commit_callbacks):
    client.force_login(leaders["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"{API}/series/{series.pk}/editions", {"day": "2026-12-03"}, JSON)
    assert r.status_code == 201 and r.json()["status"] == "drafting"
    return client.get(f"{API}/editions/{r.json()['id']}").json()


def test_the_office_drafts_edits_and_issues(client, drafted, facts, leaders, series):
    e = drafted
    assert e["status"] == "draft" and e["photo_choices"] == [facts["typical"].pk]
    assert e["pdf"] == "none"
    again = client.post(f"{API}/series/{series.pk}/editions", {"day": "2026-12-09"}, JSON)
    assert again.status_code == 409 and again.json()["code"] == "exists"
    assert [x["id"] for x in client.get(f"{API}/editions", {"series": series.pk}).json()] == [
        e["id"]
    ]
    assert client.get(f"{API}/editions", {"series": series.pk + 1}).json() == []
    url = f"{API}/editions/{e['id']}"
    r = client.patch(url, {"version": e["version"], "progress_text": "进展顺利", "photo_choices": []}, JSON)  # fmt: skip
    assert r.status_code == 200, r.content
    edited = r.json()
    assert (edited["progress_text"], edited["photo_choices"]) == ("进展顺利", [])
    assert edited["advice_text"] == "" and edited["version"] == e["version"] + 1
    v = edited["version"]
    for body, status, key in (
        ({"version": v, "photo_choices": [facts["overdue"].pk + 999]}, 422, "photo_choices"),
        ({"version": v, "advice_text": "长" * 20_001}, 422, "advice_text"),
        ({"version": v, "title": "题" * 121}, 422, None),
        ({"version": v - 1, "advice_text": "旧的"}, 409, None),
    ):
        r = client.patch(url, body, JSON)
        assert r.status_code == status, (body, r.content)
        if key:
            assert key in r.json()["errors"]
    assert client.get(url).json()["version"] == v  # nothing changed
    assert actions("supervision.edition.edited") == 1

    r = client.post(f"{url}/redraft", {"version": v}, JSON)
    assert r.status_code == 200 and r.json()["status"] == "drafting"
    Edition.objects.filter(pk=e["id"]).update(status=EditionStatus.DRAFT)  # as the worker would
    v = client.get(url).json()["version"]
    r = client.post(f"{url}/issue", {"version": v}, JSON)
    assert r.status_code == 200 and r.json()["number"] == 1
    assert client.post(f"{url}/redraft", {"version": v + 1}, JSON).status_code == 422
    assert client.patch(url, {"version": v + 1, "title": "x"}, JSON).status_code == 422
    issued = client.get(url).json()
    assert issued["progress_text"] == "进展顺利" and issued["pdf"] == "pending"
    pending = client.post(f"{url}/pdf/retry")
    assert pending.status_code == 409 and pending.json()["code"] == "pending"
    docx = client.get(f"{url}/documents/docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "attachment" in docx["Content-Disposition"]
    assert client.get(f"{url}/documents/pdf").status_code == 404
    assert client.get(f"{url}/documents/exe").status_code == 404


def test_a_unit_reads_issued_editions_only(client, drafted, leaders):
    e, url = drafted, f"{API}/editions/{drafted['id']}"
    client.force_login(leaders["c2_handler"])
    assert client.get(f"{API}/editions").json() == []
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/documents/docx").status_code == 404
    for method, path, body in (
        ("patch", url, {"version": e["version"], "title": "x"}),
        ("post", f"{url}/redraft", {"version": e["version"]}),
        ("post", f"{url}/issue", {"version": e["version"]}),
        ("post", f"{url}/pdf/retry", None),
    ):
        r = getattr(client, method)(path, body, JSON) if body else client.post(path)
        assert r.status_code == 404, (method, path)
    client.force_login(leaders["admin"])
    client.post(f"{url}/issue", {"version": e["version"]}, JSON)
    client.force_login(leaders["c2_handler"])
    assert [x["id"] for x in client.get(f"{API}/editions").json()] == [e["id"]]
    detail = client.get(url).json()
    assert detail["status"] == "issued" and detail["documents"] == ["docx"]
    assert client.get(f"{url}/documents/docx").content[:2] == b"PK"
    assert client.patch(url, {"version": detail["version"], "title": "x"}, JSON).status_code == 404
    assert client.post(f"{url}/pdf/retry").status_code == 404
    assert Edition.objects.get().title != "x"
