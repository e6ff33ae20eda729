"""A recheck of a problem an inspection opened is its verification: pass closes, fail reworks."""

import datetime as dt

import pytest

from zhengzhi.inspections.models import Answer, PlanKind
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.submission import Given, submit_visit
from zhengzhi.inspections.tests.helpers import all_pass, plan
from zhengzhi.ledger.models import EventKind, Problem, Status
from zhengzhi.ledger.services import moves

pytestmark = pytest.mark.django_db


@pytest.fixture
def found(staff, units, checklists, sites, photo):
    inspector = staff["inspector"]
    p = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[inspector])
    (visit,) = plans.make_visits(p.pk, actor=staff["admin"])
    answers = all_pass(visit.checklist_version, M18=Given(result="fail", photo=photo(inspector)))
    (problem,) = submit_visit(visit.pk, actor=inspector, answers=answers).opened
    moves.accept(problem.pk, actor=staff["handler"])
    moves.report_back(problem.pk, actor=staff["handler"], note="已更换圆孔盖")
    recheck_plan = plan(staff["admin"], [checklists["market"]], kind=PlanKind.RECHECK)
    return problem, recheck_plan


def _recheck(staff, checklists, sites, problem, recheck_plan, result, photo):
    inspector = staff["inspector"]
    visit = plans.add_visit(
        recheck_plan,
        checklist=checklists["market"],
        site=sites["market"],
        due_on=dt.date(2026, 6, 25),
        inspector=inspector,
        recheck_of=problem,
    )
    given = Given(
        result=result,
        photo=photo(inspector) if result == "fail" else None,
        note="仍是方孔盖" if result == "fail" else "",
    )
    return visit, submit_visit(
        visit.pk, actor=inspector, answers=all_pass(visit.checklist_version, M18=given)
    )


def test_a_passed_recheck_closes_the_problem(staff, checklists, sites, found, photo):
    problem, recheck_plan = found
    visit, out = _recheck(staff, checklists, sites, problem, recheck_plan, "pass", photo)
    problem.refresh_from_db()
    assert out.verified == "closed" and problem.status == Status.CLOSED
    close = problem.events.get(kind=EventKind.CLOSE)
    assert close.actor == staff["inspector"] and f"{visit.pk}" in close.note
    answer = Answer.objects.get(visit=visit, item__code="M18")
    assert answer.problem == problem and answer.linked
    assert Problem.objects.count() == 1  # no new problem


def test_a_failed_recheck_sends_it_back_for_rework(staff, checklists, sites, found, photo):
    problem, recheck_plan = found
    _visit, out = _recheck(staff, checklists, sites, problem, recheck_plan, "fail", photo)
    problem.refresh_from_db()
    assert out.verified == "rework"
    assert (problem.status, problem.rework_count) == (Status.ACCEPTED, 1)
    assert "仍是方孔盖" in problem.events.get(kind=EventKind.REWORK).note
    assert Problem.objects.count() == 1 and not out.opened
