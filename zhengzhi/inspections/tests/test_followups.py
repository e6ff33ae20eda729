"""Follow-up rules, each run twice (the second run makes nothing new): the cases' 查一补三
rechecks as visits (due for the unit that owes them, overdue when missed, done when
submitted), a recheck after a problem's deadline, a recheck after a covert visit's feedback;
the numbers are data."""

import datetime as dt

import pytest

from zhengzhi.cases.models import CaseType, Recheck
from zhengzhi.cases.services.shipped import load_shipped
from zhengzhi.cases.tests.conftest import cpeople, cunits, file, retailer, types  # noqa: F401
from zhengzhi.conftest import local
from zhengzhi.inspections.models import FollowUpRule, PlanKind, RuleKind, Visit, VisitStatus
from zhengzhi.inspections.scope import visible_visits
from zhengzhi.inspections.selectors import overdue_visits
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.followups import run_followups, update_rule
from zhengzhi.inspections.services.submission import Given, submit_visit
from zhengzhi.inspections.tests.helpers import all_pass, plan
from zhengzhi.ledger.models import Problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_types(shipped):
    if not CaseType.objects.exists():
        load_shipped()


def test_case_rechecks_become_visits_due_for_the_unit_and_overdue_when_missed(
    case_types,
    checklists,
    cpeople,  # noqa: F811
    cunits,  # noqa: F811
    types,  # noqa: F811
    retailer,  # noqa: F811
    photo,
):
    case = file(cpeople["officer"], types["off_channel"], site=retailer)
    rechecks = list(case.rechecks.order_by("seq"))
    assert len(rechecks) == 3
    # Made with the filing, through the cases' registry: one visit per recheck.
    visits = list(Visit.objects.filter(case_recheck__case=case).order_by("due_on"))
    assert [v.due_on for v in visits] == [r.due_on for r in rechecks]
    assert {v.checklist_version.checklist.code for v in visits} == {"tobacco-retailer"}
    assert {(v.site_id, v.unit_id, v.rule) for v in visits} == {
        (retailer.pk, cunits["c1"].pk, RuleKind.CASE_RECHECK)
    }
    (p,) = {v.plan for v in visits}
    assert (p.kind, p.unit) == (PlanKind.RECHECK, cunits["bureau"])
    # The unit that owes the rechecks sees them; another department does not.
    officer = cpeople["officer"]
    assert visible_visits(officer).filter(pk__in=[v.pk for v in visits]).count() == 3
    assert not visible_visits(cpeople["police_user"]).filter(pk=visits[0].pk).exists()

    # The first is done (nothing failed), the second missed: overdue on the 16th.
    inspector = officer
    submit_visit(
        visits[0].pk,
        actor=inspector,
        answers=all_pass(visits[0].checklist_version),
        now=local(2026, 6, 13, 10),
    )
    for _run in range(2):
        counts = run_followups(local(2026, 6, 16, 7))
    assert counts["case_visits"] == 0 and counts["case_done"] == 0  # the second run
    assert Visit.objects.filter(case_recheck__case=case).count() == 3
    first = Recheck.objects.get(pk=rechecks[0].pk)
    assert first.done_at is not None and first.result == Recheck.Result.CLEAN
    assert not Recheck.objects.filter(
        pk__in=[rechecks[1].pk, rechecks[2].pk], done_at__isnull=False
    )
    late = overdue_visits(officer, dt.date(2026, 6, 16))
    assert [v.pk for v in late] == [visits[1].pk]


def test_a_recheck_after_a_problems_deadline(staff, units, checklists, sites, photo):
    inspector = staff["inspector"]
    p = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[inspector])
    (visit,) = plans.make_visits(p.pk, actor=staff["admin"])
    answers = all_pass(visit.checklist_version, M18=Given(result="fail", photo=photo(inspector)))
    (problem,) = submit_visit(
        visit.pk, actor=inspector, answers=answers, now=local(2026, 6, 3, 10)
    ).opened
    problem.refresh_from_db()
    assert problem.due_at is not None
    before = problem.due_at - dt.timedelta(hours=1)
    assert run_followups(before)["deadline"] == 0  # not yet
    after = problem.due_at + dt.timedelta(hours=1)
    assert run_followups(after)["deadline"] == 1
    assert run_followups(after)["deadline"] == 0  # twice: nothing new
    recheck = Visit.objects.get(rule=RuleKind.DEADLINE)
    rule = FollowUpRule.objects.get(kind=RuleKind.DEADLINE)
    assert recheck.recheck_of == problem and recheck.inspector == inspector
    assert recheck.due_on == problem.due_at.astimezone().date() + dt.timedelta(days=rule.days)
    assert (recheck.site, recheck.unit, recheck.status) == (
        sites["market"],
        units["c1"],
        VisitStatus.PLANNED,
    )


def test_a_recheck_after_a_covert_visits_feedback_in_the_rules_days(
    staff, units, checklists, sites, photo
):
    update_rule(RuleKind.COVERT, actor=staff["admin"], days=5, is_active=True)
    inspector = staff["inspector"]
    p = plan(
        staff["admin"],
        [checklists["market"]],
        kind=PlanKind.COVERT,
        units=[units["c1"]],
        team=[inspector],
    )
    (visit,) = plans.make_visits(p.pk, actor=staff["admin"])
    answers = all_pass(
        visit.checklist_version,
        M01=Given(result="fail", photo=photo(inspector)),
        M25=Given(result="fail", photo=photo(inspector)),
    )
    submit_visit(visit.pk, actor=inspector, answers=answers, now=local(2026, 6, 3, 10))
    assert run_followups(local(2026, 6, 10, 7))["covert"] == 0  # held: not fed back yet
    plans.release(p.pk, actor=staff["admin"], now=local(2026, 6, 15, 9))
    assert run_followups(local(2026, 6, 15, 10))["covert"] == 2
    assert run_followups(local(2026, 6, 16, 10))["covert"] == 0
    rechecks = Visit.objects.filter(rule=RuleKind.COVERT)
    assert {v.due_on for v in rechecks} == {dt.date(2026, 6, 21)}  # 5 days, then the recheck
    assert {v.recheck_of_id for v in rechecks} == set(Problem.objects.values_list("pk", flat=True))
    assert not any(v.covert for v in rechecks)  # the findings are released
    # Only once per problem, even with the deadline rule running too.
    assert Visit.objects.filter(rule=RuleKind.DEADLINE).count() == 0


def test_the_rules_numbers_are_the_offices(staff):
    with pytest.raises(InspectionError):
        update_rule(RuleKind.DEADLINE, actor=staff["inspector"], days=3, is_active=True)
    with pytest.raises(InspectionError):
        update_rule(RuleKind.DEADLINE, actor=staff["admin"], days=999, is_active=True)
    rule = update_rule(RuleKind.DEADLINE, actor=staff["admin"], days=3, is_active=False)
    assert (rule.days, rule.is_active, rule.updated_by) == (3, False, staff["admin"])


def test_inspectors_are_told_once_of_the_visits_assigned_to_them(staff, units, checklists, sites):
    from zhengzhi.notifications.models import Notification

    inspector = staff["inspector"]
    p = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[inspector])
    visits = plans.make_visits(p.pk, actor=staff["admin"])
    assert visits and all(v.inspector == inspector for v in visits)
    before = local(2026, 5, 31, 7)  # the plan runs through June
    assert run_followups(before)["told"] == 1
    assert run_followups(before)["told"] == 0  # twice: told once
    (notice,) = Notification.objects.filter(recipient=inspector, kind="inspections.visit.assigned")
    assert sites["market"].name in notice.body
    # Given to someone else: they are told.
    other = staff["c1_leader"]
    Visit.objects.filter(pk=visits[0].pk).update(inspector=other)
    assert run_followups(before)["told"] == 1
    assert Notification.objects.filter(recipient=other).count() == 1
    # Visits already past are not told.
    Visit.objects.filter(pk=visits[0].pk).update(inspector=staff["admin"])
    assert run_followups(local(2026, 7, 2, 7))["told"] == 0
