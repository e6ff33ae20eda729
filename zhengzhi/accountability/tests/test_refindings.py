"""The 督查单's "each time it is found" (seed 004: 每一问题每次处罚100元): each new finding by an
inspection visit of a problem already open proposes another line on the unit's sheet, at the
rule's amount per problem split 3:3:4; never twice; a covert visit's findings wait for the
office's release."""

# ruff: noqa: F811 - the inspections' fixtures, imported by name

import datetime as dt

import pytest

from zhengzhi.accountability.models import LadderRule, Record, RecordKind, RecordProblem
from zhengzhi.accountability.services.proposals import propose
from zhengzhi.conftest import local
from zhengzhi.inspections.models import PlanKind
from zhengzhi.inspections.selectors import refindings
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.submission import Given, submit_visit
from zhengzhi.inspections.tests.conftest import (  # noqa: F401
    checklists,
    photo,
    shipped,
    sites,
    staff,
)
from zhengzhi.inspections.tests.helpers import all_pass, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet_rule():
    # Overdue by 300 days: only the findings propose here.
    return LadderRule.objects.create(name="督查单", kind=RecordKind.SHEET, days=300)


def _fail(staff, checklists, sites, p, day, photo, codes=("M18",)):
    inspector = staff["inspector"]
    visit = plans.add_visit(
        p, checklist=checklists["market"], site=sites["market"], due_on=day, inspector=inspector
    )
    given = {c: Given(result="fail", photo=photo(inspector)) for c in codes}
    at = local(day.year, day.month, day.day, 10)
    return submit_visit(
        visit.pk, actor=inspector, answers=all_pass(visit.checklist_version, **given), now=at
    )


def test_each_new_finding_of_an_open_problem_is_a_line_at_100_split_3_3_4(
    staff,
    units,
    checklists,
    sites,
    photo,
    sheet_rule,
):
    p = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[staff["inspector"]])
    first = _fail(staff, checklists, sites, p, dt.date(2026, 6, 3), photo)
    (problem,) = first.opened
    assert propose(local(2026, 6, 4, 9)) == {}  # found once: it opened the problem, no line
    again = _fail(staff, checklists, sites, p, dt.date(2026, 6, 10), photo)
    third = _fail(staff, checklists, sites, p, dt.date(2026, 6, 17), photo, ("M18", "M20"))
    assert again.linked == [problem] and third.linked == [problem] and len(third.opened) == 1
    assert propose(local(2026, 6, 18, 9)) == {"sheet": 1}
    sheet = Record.objects.get(kind=RecordKind.SHEET)
    assert sheet.unit == units["c1"] and sheet.approved_at is None  # proposed only
    assert sheet.total == 200
    assert [(a["who"], a["amount"]) for a in sheet.penalties] == [
        ("区城管局长", 60),
        ("街道党政主要负责人", 60),
        ("城管副局长", 80),
    ]
    lines = RecordProblem.objects.filter(record=sheet).order_by("finding__visit__due_on")
    assert [(r.problem_id, r.finding.visit.due_on) for r in lines] == [
        (problem.pk, dt.date(2026, 6, 10)),
        (problem.pk, dt.date(2026, 6, 17)),
    ]
    assert "再次发现" in sheet.basis and problem.number in sheet.basis
    # Run again: nothing new. A fourth finding: one more sheet of one line.
    assert propose(local(2026, 6, 19, 9)) == {}
    _fail(staff, checklists, sites, p, dt.date(2026, 6, 24), photo)
    assert propose(local(2026, 6, 25, 9)) == {"sheet": 1}
    assert Record.objects.order_by("-pk").first().total == 100


def test_a_dismissed_line_stays_dismissed_and_a_rule_may_leave_findings_out(
    staff,
    units,
    checklists,
    sites,
    photo,
    sheet_rule,
):
    from zhengzhi.accountability.services import records

    p = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[staff["inspector"]])
    _fail(staff, checklists, sites, p, dt.date(2026, 6, 3), photo)
    _fail(staff, checklists, sites, p, dt.date(2026, 6, 10), photo)
    LadderRule.objects.filter(pk=sheet_rule.pk).update(each_finding=False)
    assert propose(local(2026, 6, 11, 9)) == {}
    LadderRule.objects.filter(pk=sheet_rule.pk).update(each_finding=True)
    assert propose(local(2026, 6, 11, 9)) == {"sheet": 1}
    rec = Record.objects.get()
    records.dismiss(rec.pk, actor=staff["admin"], version=rec.version)
    assert propose(local(2026, 6, 12, 9)) == {}


def test_covert_findings_wait_for_the_release(staff, units, checklists, sites, photo, sheet_rule):
    inspector = staff["inspector"]
    open_plan = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[inspector])
    (problem,) = _fail(staff, checklists, sites, open_plan, dt.date(2026, 6, 3), photo).opened
    covert = plan(
        staff["admin"], [checklists["market"]], kind=PlanKind.COVERT, units=[units["c1"]],
        team=[inspector],
    )  # fmt: skip
    (visit,) = plans.make_visits(covert.pk, actor=staff["admin"])
    answers = all_pass(visit.checklist_version, M18=Given(result="fail", photo=photo(inspector)))
    out = submit_visit(visit.pk, actor=inspector, answers=answers, now=local(2026, 6, 8, 10))
    assert out.linked == [problem]  # found again, covertly
    assert list(refindings()) == [] and propose(local(2026, 6, 9, 9)) == {}
    plans.release(covert.pk, actor=staff["admin"], now=local(2026, 6, 10, 9))
    assert propose(local(2026, 6, 10, 10)) == {"sheet": 1}
    line = RecordProblem.objects.get()
    assert line.finding.visit_id == visit.pk and line.problem_id == problem.pk
