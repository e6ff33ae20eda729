"""Missed problems: a later failure at a place that an earlier visit, within the rule's window,
passed flags the earlier visit with the fines seed 004 proposes (the day's lead assessor 100
yuan, each assessor 50); twice flags once; outside the window, or another place, nothing."""

import pytest

from zhengzhi.conftest import local, make_user
from zhengzhi.core.roles import Role
from zhengzhi.inspections.models import MissedProblem, RuleKind
from zhengzhi.inspections.selectors import missed_problems
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.followups import run_followups, update_rule
from zhengzhi.inspections.services.missed import flag_missed
from zhengzhi.inspections.services.submission import Given, submit_visit
from zhengzhi.inspections.tests.helpers import all_pass, plan

pytestmark = pytest.mark.django_db


def _visit(staff, checklists, units, inspector, team, *, fail=False, at=None, photo=None):
    p = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=team)
    visit = next(v for v in plans.make_visits(p.pk, actor=staff["admin"]))
    if visit.inspector != inspector:
        visit.inspector = inspector
        visit.save()
    failures = {"M18": Given(result="fail", photo=photo(inspector))} if fail else {}
    submit_visit(
        visit.pk, actor=inspector, answers=all_pass(visit.checklist_version, **failures), now=at
    )
    return visit


def test_a_later_failure_flags_the_earlier_pass_with_the_seeds_fines(
    staff, units, checklists, sites, photo, as_user
):
    second = make_user("inspector2", units["office"], Role.INSPECTOR)
    first = staff["inspector"]
    earlier = _visit(
        staff, checklists, units, first, [first], at=local(2026, 6, 3, 10), photo=photo
    )
    # Another team finds it failed at the same place, 17 days later.
    _visit(
        staff,
        checklists,
        units,
        second,
        [second],
        fail=True,
        at=local(2026, 6, 20, 10),
        photo=photo,
    )
    counts = run_followups(local(2026, 6, 20, 12))
    assert counts["missed"] == 1
    assert run_followups(local(2026, 6, 20, 13))["missed"] == 0  # twice: once
    flag = MissedProblem.objects.get()
    assert flag.earlier_visit == earlier and flag.earlier.item.code == "M18"
    assert flag.later.result == "fail" and flag.window_days == 30
    assert flag.unit == units["c1"]
    assert sorted((f["role"], f["amount"]) for f in flag.fines) == [
        ("assessor", "50.00"),
        ("lead", "100.00"),
    ]
    assert {f["user"] for f in flag.fines} == {staff["admin"].pk, first.pk}
    # The office's list (page and API); a unit's handler does not see the office's flags.
    assert [m.pk for m in missed_problems(staff["admin"])] == [flag.pk]
    assert not missed_problems(staff["other_handler"]).exists()
    page = as_user(staff["admin"]).get("/inspections/missed/")
    assert page.status_code == 200 and "M18" in page.content.decode()
    api = as_user(staff["admin"]).get("/api/v1/inspections/missed").json()
    assert api["items"][0]["earlier_visit"] == earlier.pk
    assert api["items"][0]["fines"][0]["amount"] in ("50.00", "100.00")


def test_outside_the_window_nothing_is_flagged(staff, units, checklists, sites, photo):
    update_rule(
        RuleKind.MISSED,
        actor=staff["admin"],
        days=5,
        is_active=True,
        lead_fine=None,
        assessor_fine=None,
    )
    first = staff["inspector"]
    _visit(staff, checklists, units, first, [first], at=local(2026, 6, 3, 10), photo=photo)
    _visit(
        staff, checklists, units, first, [first], fail=True, at=local(2026, 6, 10, 10), photo=photo
    )
    assert flag_missed(local(2026, 6, 10, 12)) == 0
    assert not MissedProblem.objects.exists()


def _one_item(code, checkpoint, category):
    from decimal import Decimal

    from zhengzhi.inspections.models import Checklist, PlaceKind
    from zhengzhi.inspections.services.loading import make_version

    checklist = Checklist.objects.create(
        code=code, name=code, place_kind=PlaceKind.MARKET, site_kinds=["market"]
    )
    row = {
        "code": "X1",
        "section": "一",
        "text": f"{code} 防蝇设施",
        "position": 1,
        "scoring": "pass_fail",
        "points": Decimal(1),
        "deduction": None,
        "bands": [],
        "photo_required": False,
        "problem_category_id": category.pk,
        "standard_item_id": None,
        "checkpoint_id": checkpoint.pk,
        "standard_category_id": None,
    }
    make_version(checklist, [row], pass_line=None)
    checklist.refresh_from_db()
    return checklist


def test_the_same_checkpoint_on_another_checklist_counts(staff, units, shipped, sites):
    from zhengzhi.ledger.models import Category
    from zhengzhi.standards.models import Checkpoint

    checkpoint = Checkpoint.objects.order_by("pk").first()
    category = Category.objects.get(code="0102")
    first, second = _one_item("cp-a", checkpoint, category), _one_item("cp-b", checkpoint, category)
    p = plan(staff["admin"], [first, second], units=[units["c1"]])
    inspector = staff["inspector"]
    earlier = plans.add_visit(
        p, checklist=first, site=sites["market"], due_on=p.starts_on, inspector=inspector
    )
    later = plans.add_visit(
        p, checklist=second, site=sites["market"], due_on=p.starts_on, inspector=inspector
    )
    submit_visit(
        earlier.pk,
        actor=inspector,
        answers={"X1": Given(result="pass")},
        now=local(2026, 6, 5, 10),
    )
    submit_visit(
        later.pk, actor=inspector, answers={"X1": Given(result="fail")}, now=local(2026, 6, 6, 10)
    )
    assert flag_missed(local(2026, 6, 6, 12)) == 1
    assert flag_missed(local(2026, 6, 6, 12)) == 0
    flag = MissedProblem.objects.get()
    assert flag.earlier_visit == earlier and flag.later.visit == later
    # The restaurant next door passed nothing that failed here: not flagged.
    assert not MissedProblem.objects.filter(earlier_visit__site=sites["restaurant"]).exists()


def test_the_office_edits_the_rules_on_its_page(staff, as_user):
    client = as_user(staff["admin"])
    page = client.get("/inspections/rules/").content.decode()
    assert 'id="rule-missed"' in page and "种子文件004" in page
    response = client.post(
        "/inspections/rules/",
        {
            "kind": "missed",
            "days": "14",
            "lead_fine": "200",
            "assessor_fine": "80",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    from zhengzhi.inspections.models import FollowUpRule

    rule = FollowUpRule.objects.get(kind="missed")
    assert (rule.days, str(rule.lead_fine), str(rule.assessor_fine)) == (14, "200.00", "80.00")
    bad = client.post("/inspections/rules/", {"kind": "missed", "days": "-3"})
    assert bad.status_code == 200 and FollowUpRule.objects.get(kind="missed").days == 14
    assert (
        as_user(staff["inspector"])
        .post("/inspections/rules/", {"kind": "missed", "days": "1"})
        .status_code
        == 403
    )
    assert as_user(staff["handler"]).get("/inspections/rules/").status_code == 403
    client = as_user(staff["admin"])
    api = client.put(
        "/api/v1/inspections/rules/deadline",
        {"days": 2, "is_active": True},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["days"] == 2
    assert (
        client.put(
            "/api/v1/inspections/rules/nonsense", {"days": 2}, content_type="application/json"
        ).status_code
        == 404
    )


def test_the_missed_list_in_a_few_queries(
    staff, units, checklists, sites, photo, as_user, django_assert_max_num_queries
):
    first = staff["inspector"]
    for day in (3, 4, 5):
        _visit(staff, checklists, units, first, [first], at=local(2026, 6, day, 10), photo=photo)
    _visit(
        staff, checklists, units, first, [first], fail=True, at=local(2026, 6, 9, 10), photo=photo
    )
    assert flag_missed(local(2026, 6, 9, 12)) == 3
    client = as_user(staff["admin"])
    with django_assert_max_num_queries(14):
        page = client.get("/inspections/missed/")
    assert page.content.decode().count('href="/inspections/visits/') >= 6
