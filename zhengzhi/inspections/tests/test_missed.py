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
