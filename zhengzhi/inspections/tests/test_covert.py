"""A covert plan's visits and findings are invisible to the inspected unit everywhere until the
office releases them; release dispatches them with deadlines counted from the release."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.conftest import local
from zhengzhi.inspections.models import PlanKind
from zhengzhi.inspections.scope import visible_plans, visible_visits
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.submission import Given, submit_visit
from zhengzhi.inspections.tests.helpers import all_pass, plan
from zhengzhi.ledger.indicators.compute import collect
from zhengzhi.ledger.indicators.periods import Period
from zhengzhi.ledger.models import Problem, Source, Status
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.ledger.selectors.filters import filter_problems
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def covert(staff, units, checklists, sites, photo):
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
    out = submit_visit(visit.pk, actor=inspector, answers=answers, now=local(2026, 6, 3, 10))
    return p, visit, out.opened


def _seen_by(user, client_as, problems, visit, p):
    ids = {x.pk for x in problems}
    client = client_as(user)
    return {
        "scope": visible_problems(user).filter(pk__in=ids).exists(),
        "list_and_export": filter_problems(user, {}).filter(pk__in=ids).exists(),
        "api": any(
            row["id"] in ids for row in client.get("/api/v1/ledger/problems").json()["items"]
        ),
        "page": client.get(f"/ledger/problems/{problems[0].pk}/").status_code == 200,
        "visit": visible_visits(user).filter(pk=visit.pk).exists(),
        "plan": visible_plans(user).filter(pk=p.pk).exists(),
    }


def test_held_until_release_then_dispatched_from_the_release(staff, units, covert, as_user):
    p, visit, problems = covert
    assert len(problems) == 2
    for problem in Problem.objects.filter(pk__in=[x.pk for x in problems]):
        assert (problem.source, problem.status, problem.held) == (
            Source.COVERT,
            Status.REGISTERED,
            True,
        )
        assert problem.owner_unit == units["c1"] and problem.due_at is None
    seen = _seen_by(staff["handler"], as_user, problems, visit, p)
    assert not any(seen.values()), seen
    street = _seen_by(staff["street_leader"], as_user, problems, visit, p)
    assert not any(street.values()), street
    office = _seen_by(staff["admin"], as_user, problems, visit, p)
    assert all(office.values()), office
    assert not Notification.objects.filter(recipient=staff["handler"]).exists()
    june = Period(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    figures = collect(june, units=[units["c1"]], now=local(2026, 6, 20))
    assert figures.get(units["c1"].pk, {}).get("registered", 0) == 0
    # Nobody can dispatch it by hand: only the release does.
    with pytest.raises(MoveError):
        moves.dispatch(problems[0].pk, actor=staff["dispatcher"])
    with pytest.raises(InspectionError):
        plans.release(p.pk, actor=staff["inspector"])  # not the office's administrator

    released_at = local(2026, 6, 15, 9)
    plans.release(p.pk, actor=staff["admin"], now=released_at)
    for problem in Problem.objects.filter(pk__in=[x.pk for x in problems]):
        assert (problem.status, problem.held) == (Status.DISPATCHED, False)
        assert problem.dispatched_at == released_at
        assert problem.due_at > released_at  # counted from the release, not the visit
    seen = _seen_by(staff["handler"], as_user, problems, visit, p)
    assert all(seen.values()), seen
    assert Notification.objects.filter(recipient=staff["handler"]).exists()
    with pytest.raises(InspectionError):
        plans.release(p.pk, actor=staff["admin"])  # once
    figures = collect(june, units=[units["c1"]], now=local(2026, 6, 20))
    assert figures[units["c1"].pk]["registered"] == 2


def test_an_open_plan_is_seen_at_once(staff, units, checklists, sites, as_user):
    p = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[staff["inspector"]])
    (visit,) = plans.make_visits(p.pk, actor=staff["admin"])
    assert visible_visits(staff["handler"]).filter(pk=visit.pk).exists()
    assert not visible_visits(staff["other_handler"]).filter(pk=visit.pk).exists()
    assert timezone.now()  # the clock is not needed here


def test_an_open_visit_never_links_to_a_held_finding(staff, units, checklists, sites, covert):
    p, visit, problems = covert
    inspector = staff["inspector"]
    open_plan = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[inspector])
    (v,) = plans.make_visits(open_plan.pk, actor=staff["admin"])
    out = submit_visit(
        v.pk,
        actor=inspector,
        answers=all_pass(v.checklist_version, M25=Given(result="fail", photo=_photo(inspector))),
    )
    assert not out.linked and len(out.opened) == 1
    assert out.opened[0].held is False and out.opened[0].pk not in {x.pk for x in problems}


def _photo(user):
    from zhengzhi.inspections.tests.conftest import upload

    return upload(user)
