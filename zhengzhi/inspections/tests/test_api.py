"""The API: the same scope as the pages; a submission in one call; refusals with reasons."""

import pytest

from zhengzhi.inspections.models import PlanKind
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.tests.helpers import plan
from zhengzhi.ledger.models import Problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(staff, units, checklists, sites):
    p = plan(
        staff["admin"],
        [checklists["toilet"], checklists["market"]],
        units=[units["c1"]],
        team=[staff["inspector"]],
    )
    (v,) = plans.make_visits(p.pk, actor=staff["admin"])
    return v


def _body(version, fail=None, photo=None):
    answers = {i.code: {"result": "pass"} for i in version.items.all()}
    if fail:
        answers[fail] = {"result": "fail", "photo": photo, "note": "脏"}
    return {"answers": answers}


def test_submit_by_api(staff, visit, as_user, photo):
    client = as_user(staff["inspector"])
    url = f"/api/v1/inspections/visits/{visit.pk}/submit"
    r = client.post(url, _body(visit.checklist_version, "M18"), content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "photo_required"
    pid = str(photo(staff["inspector"]))
    r = client.post(
        url, _body(visit.checklist_version, "M18", pid), content_type="application/json"
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["visit"]["failures"] == 1 and len(body["opened"]) == 1
    assert Problem.objects.get(pk=body["opened"][0]).site_id == visit.site_id
    again = client.post(url, _body(visit.checklist_version), content_type="application/json")
    assert again.status_code == 409
    detail = client.get(f"/api/v1/inspections/visits/{visit.pk}").json()
    assert len(detail["answers"]) == visit.checklist_version.items.count()
    res = client.get("/api/v1/inspections/results?start=2026-01-01&end=2026-12-31&by=site")
    assert res.status_code == 200 and res.json()["rows"][0]["visits"] == 1
    assert client.get("/api/v1/inspections/results?by=nope").status_code == 422


def test_scope_on_the_api(staff, units, visit, checklists, sites, as_user):
    other = as_user(staff["other_handler"])
    assert other.get(f"/api/v1/inspections/visits/{visit.pk}").status_code == 404
    assert other.get(f"/api/v1/inspections/plans/{visit.plan_id}").status_code == 404
    assert other.get("/api/v1/inspections/visits").json()["items"] == []
    r = other.post(
        f"/api/v1/inspections/visits/{visit.pk}/submit",
        _body(visit.checklist_version),
        content_type="application/json",
    )
    assert r.status_code == 404
    covert = plan(
        staff["admin"],
        [checklists["market"]],
        kind=PlanKind.COVERT,
        units=[units["c1"]],
        team=[staff["inspector"]],
    )
    (cv,) = plans.make_visits(covert.pk, actor=staff["admin"])
    mine = as_user(staff["handler"])
    ids = [v["id"] for v in mine.get("/api/v1/inspections/visits").json()["items"]]
    assert visit.pk in ids and cv.pk not in ids
    assert mine.get(f"/api/v1/inspections/plans/{covert.pk}").status_code == 404
    assert mine.post(f"/api/v1/inspections/plans/{covert.pk}/release").status_code == 404
    admin = as_user(staff["admin"])
    plan_json = admin.get(f"/api/v1/inspections/plans/{covert.pk}").json()
    assert plan_json["redraw_matches"] is True
    assert admin.post(f"/api/v1/inspections/plans/{covert.pk}/release").status_code == 200
    assert admin.post(f"/api/v1/inspections/plans/{covert.pk}/release").status_code == 409
    assert (
        as_user(staff["handler"]).get(f"/api/v1/inspections/plans/{covert.pk}").status_code == 200
    )


def test_checklists_api(staff, checklists, as_user):
    client = as_user(staff["handler"])
    rows = client.get("/api/v1/inspections/checklists").json()
    assert {r["code"] for r in rows} >= {"market", "covert-county"}
    market = client.get(f"/api/v1/inspections/checklists/{checklists['market'].pk}").json()
    assert market["items"][0]["code"] == "M01" and market["items"][0]["problem_category"] == "0401"
