"""Urgent problems first in the dispatcher's queue, marked; registering and dispatching many
similar problems in one step, each through the single action's services."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from zhengzhi.audit.models import AuditEvent
from zhengzhi.ledger.models import EventKind, Problem, ProblemEvent, Status
from zhengzhi.ledger.selectors import queue_sections, section_problems
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.services.batch import register_and_dispatch
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.tests.pages_support import registered

pytestmark = pytest.mark.django_db
QUEUE = reverse("ledger:queue")
BATCH = reverse("ledger:batch_dispatch")


def listed(html: str) -> list[str]:
    return re.findall(r'class="mono" href="/ledger/problems/\d+/">(\d{4}-\d{6})<', html)


def test_a_sinkhole_is_urgent_from_its_category(new_problem, categories):
    assert categories["1201"].name == "路面塌陷" and categories["1201"].priority == 1
    assert new_problem(category="1201").priority == 1
    assert new_problem().priority == 3


def test_urgent_problems_come_first_in_the_dispatchers_tabs_and_are_marked(
    as_user, staff, new_problem, django_assert_max_num_queries
):
    first, second = new_problem(), new_problem()
    sinkhole = new_problem(category="1201", description="路面塌陷约2平方米")
    sections = {s.key: s for s in queue_sections(staff["dispatcher"])}
    order = [p.pk for p in section_problems(staff["dispatcher"], sections["register"])]
    assert order == [sinkhole.pk, first.pk, second.pk]
    client = as_user(staff["dispatcher"])
    with django_assert_max_num_queries(13):
        html = client.get(QUEUE + "?tab=register").content.decode()
    assert listed(html) == [sinkhole.number, first.number, second.number]
    row = html.split(f">{sinkhole.number}</a>", 1)[1].split("</td>", 1)[0]
    assert '<span class="tag tag-urgent">Urgent</span>' in row
    assert html.count("tag tag-urgent") == 1
    assert 'class=" row-urgent"' in html
    # The dispatch tab too.
    for p in (first, sinkhole):
        moves.register(p.pk, actor=staff["dispatcher"])
    html = client.get(QUEUE + "?tab=dispatch").content.decode()
    assert listed(html) == [sinkhole.number, first.number]


def test_register_and_dispatch_many_at_once(staff, units, new_problem):
    reported = [new_problem() for _ in range(2)]
    waiting = registered(new_problem, staff)
    result = register_and_dispatch(
        [p.pk for p in [*reported, waiting]], actor=staff["dispatcher"], owner_unit=units["c2"]
    )
    assert not result.failed and len(result.done) == 3
    for p in Problem.objects.filter(pk__in=[p.pk for p in [*reported, waiting]]):
        assert p.status == Status.DISPATCHED and p.owner_unit_id == units["c2"].pk
        assert p.due_at is not None
    # The same timeline and audit as one by one: a registration for the two reported, a
    # dispatch for each of the three.
    kinds = list(ProblemEvent.objects.filter(problem__in=reported).values_list("kind", flat=True))
    assert sorted(kinds).count(EventKind.DISPATCH) == 2
    assert sorted(kinds).count(EventKind.REGISTER) == 2
    assert AuditEvent.objects.filter(action="problem.dispatch").count() == 3
    assert AuditEvent.objects.filter(action="problem.register").count() == 3  # waiting's too


def test_one_refused_problem_is_named_and_the_others_go_ahead(staff, units, new_problem):
    good, merged, stale = new_problem(), new_problem(), new_problem()
    moves.merge(merged.pk, actor=staff["dispatcher"], master_id=good.pk)
    result = register_and_dispatch(
        [good.pk, merged.pk, stale.pk, 999999],
        actor=staff["dispatcher"],
        owner_unit=units["c1"],
        versions={stale.pk: stale.version + 5},
    )
    assert [p.pk for p in result.done] == [good.pk]
    assert [n for n, _reason in result.failed] == [merged.number, stale.number, "999999"]
    stale.refresh_from_db()
    assert stale.status == Status.REPORTED and stale.version == 1  # untouched


def test_a_problem_whose_dispatch_fails_is_not_left_registered(staff, units, new_problem):
    p = new_problem()
    units["c2"].is_active = False
    units["c2"].save(update_fields=["is_active"])
    with translation.override("en"):
        result = register_and_dispatch([p.pk], actor=staff["dispatcher"], owner_unit=units["c2"])
    assert result.failed == [(p.number, "That unit is no longer active.")]
    p.refresh_from_db()
    assert p.status == Status.REPORTED
    assert not AuditEvent.objects.filter(action="problem.register").exists()


def test_only_dispatchers_may_batch(staff, units, new_problem):
    p = new_problem()
    with pytest.raises(MoveError):
        register_and_dispatch([p.pk], actor=staff["handler"], owner_unit=units["c1"])
    with pytest.raises(MoveError):
        register_and_dispatch([], actor=staff["dispatcher"], owner_unit=units["c1"])


def test_the_queue_page_registers_and_dispatches_the_ticked_problems(
    as_user, staff, units, new_problem
):
    a, b, untouched = new_problem(), new_problem(), new_problem()
    client = as_user(staff["dispatcher"])
    html = client.get(QUEUE + "?tab=register").content.decode()
    assert 'id="batch-form"' in html and f'value="{a.pk}:{a.version}"' in html
    response = client.post(
        BATCH,
        {"tab": "register", "problem": [f"{a.pk}:1", f"{b.pk}:1"], "owner_unit": units["c1"].pk},
        follow=True,
    )
    html = response.content.decode()
    assert "Registered and dispatched to 柳岸社区" in html and a.number in html
    assert set(Problem.objects.filter(status=Status.DISPATCHED).values_list("pk", flat=True)) == {
        a.pk,
        b.pk,
    }
    assert Problem.objects.get(pk=untouched.pk).status == Status.REPORTED


def test_a_refused_batch_keeps_what_was_ticked_and_says_why(as_user, staff, units, new_problem):
    a, b = new_problem(), new_problem()
    client = as_user(staff["dispatcher"])
    response = client.post(BATCH, {"tab": "register", "problem": [f"{a.pk}:1"], "note": "围挡"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'value="{a.pk}:1" form="batch-form" id="pick-{a.pk}" checked' in html
    assert f'id="pick-{b.pk}" aria' in html  # not ticked
    assert 'value="围挡"' in html
    response = client.post(BATCH, {"tab": "register", "owner_unit": units["c1"].pk})
    assert "Tick the problems to register and dispatch." in response.content.decode()
    assert Problem.objects.filter(status=Status.REPORTED).count() == 2


def test_a_stale_row_is_named_on_the_page(as_user, staff, units, new_problem):
    a, b = new_problem(), new_problem()
    moves.register(b.pk, actor=staff["dispatcher"])  # someone else moved it first
    client = as_user(staff["dispatcher"])
    response = client.post(
        BATCH,
        {"tab": "register", "problem": [f"{a.pk}:1", f"{b.pk}:1"], "owner_unit": units["c1"].pk},
        follow=True,
    )
    html = response.content.decode()
    assert f"{b.number} was not dispatched" in html
    assert Problem.objects.get(pk=a.pk).status == Status.DISPATCHED
    assert Problem.objects.get(pk=b.pk).status == Status.REGISTERED


def test_others_cannot_post_a_batch(as_user, staff, units, new_problem):
    p = new_problem()
    for who in ("handler", "inspector", "leader"):
        response = as_user(staff[who]).post(
            BATCH, {"problem": [f"{p.pk}:1"], "owner_unit": units["c1"].pk}
        )
        assert response.status_code == 404
    assert Problem.objects.get(pk=p.pk).status == Status.REPORTED
    html = as_user(staff["handler"]).get(QUEUE).content.decode()
    assert "batch-form" not in html
