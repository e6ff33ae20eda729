"""Every move of the loop, and every refusal: wrong role, wrong unit, wrong state, stale."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import local
from zhengzhi.ledger.models import EventKind, Pending, Problem, ProblemRequest, Status
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.services.errors import MoveError, StaleAction
from zhengzhi.ledger.tests.pages_support import close_checked

pytestmark = pytest.mark.django_db


def _dispatched(new_problem, staff):
    p = new_problem()
    moves.register(p.pk, actor=staff["dispatcher"])
    return moves.dispatch(p.pk, actor=staff["dispatcher"])


def _accepted(new_problem, staff):
    p = _dispatched(new_problem, staff)
    return moves.accept(p.pk, actor=staff["handler"])


def _reported_back(new_problem, staff):
    p = _accepted(new_problem, staff)
    return moves.report_back(p.pk, actor=staff["handler"], note="已清理")


def test_recording_routes_to_the_grid_and_its_community(new_problem, units, categories):
    p = new_problem()
    assert p.number.endswith("-000001") and p.status == Status.REPORTED
    assert p.grid.code.endswith("001") and p.community == units["c1"]
    assert p.street == units["street"] and p.owner_unit == units["c1"]
    assert p.supporting_unit == units["dept"]  # 占道经营 → 城管执法局 (条)
    assert p.main_category == categories["04"]
    assert [e.kind for e in p.events.all()] == [EventKind.REPORT]
    assert AuditEvent.objects.filter(action="problem.report", object_id=str(p.pk)).exists()
    assert new_problem().number.endswith("-000002")


def test_a_point_outside_the_territory_is_refused_an_address_alone_is_not(new_problem):
    with pytest.raises(MoveError) as refused:
        new_problem(lon=116.4, lat=39.9)  # Beijing, far outside the test district
    assert refused.value.code == "out_of_area"
    assert not Problem.objects.exists()
    p = new_problem(lon=None, lat=None, address="柳岸路12号")
    assert p.owner_unit is None and p.status == Status.REPORTED  # the dispatcher places it


def test_the_whole_loop(new_problem, staff, units):
    p = _reported_back(new_problem, staff)
    assert p.status == Status.REPORTED_BACK and p.verify_due_at
    p = close_checked(p.pk, actor=staff["inspector"], note="现场核查通过")
    assert p.status == Status.CLOSED and p.closed_on_time is True
    kinds = list(p.events.values_list("kind", flat=True))
    assert kinds == ["report", "register", "dispatch", "accept", "report_back", "close"]
    assert p.version == 6


@pytest.mark.time_machine(local(2026, 12, 7, 10))  # a Monday: the working days are known
def test_a_dispatch_sets_the_deadline_from_the_category_stages(new_problem, staff):
    p = new_problem(category="1203")  # 水管爆裂: 3 urgent h, 8 urgent h, 5 working days
    moves.register(p.pk, actor=staff["dispatcher"])
    before = timezone.now()
    p = moves.dispatch(p.pk, actor=staff["dispatcher"])
    stages = [dt.datetime.fromisoformat(s["due_at"]) for s in p.stage_deadlines]
    assert [s["name"] for s in p.stage_deadlines] == ["围挡", "抢修", "恢复路面"]
    assert abs((stages[0] - before).total_seconds() - 3 * 3600) < 60
    assert p.due_at == stages[-1] == local(2026, 12, 14, 17, 30)  # the end of the 5th


@pytest.mark.parametrize("who", ["handler", "inspector", "leader", "street_leader"])
def test_only_the_office_registers_and_dispatches(new_problem, staff, who):
    p = new_problem()
    with pytest.raises(MoveError):
        moves.register(p.pk, actor=staff[who])
    moves.register(p.pk, actor=staff["dispatcher"])
    with pytest.raises(MoveError):
        moves.dispatch(p.pk, actor=staff[who])


def test_another_unit_cannot_touch_it_and_does_not_even_see_it(new_problem, staff):
    p = _dispatched(new_problem, staff)
    with pytest.raises(MoveError) as refused:
        moves.accept(p.pk, actor=staff["other_handler"])
    assert refused.value.code == "not_found"
    with pytest.raises(MoveError) as refused:
        moves.accept(p.pk, actor=staff["c2_handler"])
    assert refused.value.code == "not_found"


def test_wrong_state_is_refused(new_problem, staff):
    p = new_problem()
    with pytest.raises(MoveError):
        moves.accept(p.pk, actor=staff["handler"])
    with pytest.raises(MoveError):
        close_checked(p.pk, actor=staff["inspector"])
    p = _accepted(new_problem, staff)
    with pytest.raises(MoveError):
        moves.accept(p.pk, actor=staff["handler"])


def test_the_leader_reads_but_never_moves(new_problem, staff):
    p = _reported_back(new_problem, staff)
    with pytest.raises(MoveError):
        close_checked(p.pk, actor=staff["leader"])


def test_two_verifiers_at_once_one_wins(new_problem, staff, units):
    from zhengzhi.conftest import make_user

    p = _reported_back(new_problem, staff)
    seen = p.version
    second = make_user("inspector2", units["office"], "inspector")
    close_checked(p.pk, actor=staff["inspector"], version=seen)
    with pytest.raises(StaleAction):
        moves.rework(p.pk, actor=second, note="不合格", version=seen)
    assert Problem.objects.get(pk=p.pk).status == Status.CLOSED


def test_reject_needs_a_reason(new_problem, staff):
    p = new_problem()
    with pytest.raises(MoveError):
        moves.reject(p.pk, actor=staff["dispatcher"], reason="  ")
    p = moves.reject(p.pk, actor=staff["dispatcher"], reason="不属于城市管理范围")
    assert p.status == Status.REJECTED and p.reject_reason


def test_a_return_is_approved_by_the_shift_leader_and_rerouted(new_problem, staff, units):
    p = _dispatched(new_problem, staff)
    p = moves.request_return(p.pk, actor=staff["handler"], reason="该点位属桃园社区")
    assert p.pending == Pending.RETURN
    with pytest.raises(MoveError):  # a plain dispatcher is not an approver
        moves.decide_request(p.pk, actor=staff["dispatcher"], approve=True)
    with pytest.raises(MoveError):  # nothing else moves while a request is pending
        moves.accept(p.pk, actor=staff["handler"])
    p = moves.decide_request(p.pk, actor=staff["shiftlead"], approve=True, note="同意退回")
    assert p.status == Status.REGISTERED and p.owner_unit is None and p.return_count == 1
    assert p.due_at is None and p.stage_deadlines == []  # no deadline runs at the dispatcher
    req = ProblemRequest.objects.get(problem=p)
    assert req.approver == staff["shiftlead"] and req.decision == "approved"
    p = moves.dispatch(p.pk, actor=staff["dispatcher"], owner_unit=units["c2"])
    assert p.owner_unit == units["c2"]
    moves.accept(p.pk, actor=staff["c2_handler"])


def test_a_denied_return_needs_a_reason_and_leaves_it_with_the_unit(new_problem, staff):
    p = _dispatched(new_problem, staff)
    moves.request_return(p.pk, actor=staff["handler"], reason="不是我们的")
    with pytest.raises(MoveError):
        moves.decide_request(p.pk, actor=staff["admin"], approve=False)
    p = moves.decide_request(p.pk, actor=staff["admin"], approve=False, note="属地责任")
    assert p.status == Status.DISPATCHED and p.pending == "" and p.return_count == 0
    moves.accept(p.pk, actor=staff["handler"])


def test_extensions_move_the_deadline_and_a_second_needs_the_office_leader(new_problem, staff):
    p = _accepted(new_problem, staff)
    first = p.due_at + dt.timedelta(days=3)
    with pytest.raises(MoveError):
        moves.request_extension(p.pk, actor=staff["handler"], reason="x", new_due_at=p.due_at)
    moves.request_extension(p.pk, actor=staff["handler"], reason="材料未到", new_due_at=first)
    p = moves.decide_request(p.pk, actor=staff["shiftlead"], approve=True)
    assert p.due_at == first and p.extension_count == 1
    last = p.stage_deadlines[-1]  # the stages follow: the last one is the deadline itself
    assert dt.datetime.fromisoformat(last["due_at"]) == first and last["extended"]
    moves.request_extension(
        p.pk, actor=staff["handler"], reason="仍需", new_due_at=first + dt.timedelta(days=2)
    )
    with pytest.raises(MoveError):
        moves.decide_request(p.pk, actor=staff["shiftlead"], approve=True)
    p = moves.decide_request(p.pk, actor=staff["officelead"], approve=True)
    assert p.extension_count == 2 and p.due_at == first + dt.timedelta(days=2)


def test_an_extension_is_bounded_longer_waits_are_deferrals(new_problem, staff, settings):
    settings.LEDGER_MAX_EXTENSION_DAYS = 30
    p = _accepted(new_problem, staff)
    with pytest.raises(MoveError, match="30"):  # "at most 30 days"
        moves.request_extension(
            p.pk, actor=staff["handler"], reason="x", new_due_at=p.due_at + dt.timedelta(days=31)
        )
    moves.request_extension(
        p.pk, actor=staff["handler"], reason="x", new_due_at=p.due_at + dt.timedelta(days=30)
    )


def test_a_deferral_holds_the_problem_until_its_plan_is_done(new_problem, staff):
    p = _accepted(new_problem, staff)
    target = timezone.localdate() + dt.timedelta(days=60)
    with pytest.raises(MoveError):
        moves.request_deferral(
            p.pk, actor=staff["handler"], reason="资金", plan="", target_date=target
        )
    moves.request_deferral(
        p.pk,
        actor=staff["handler"],
        reason="需列入明年改造计划",
        plan="纳入老旧小区改造",
        target_date=target,
    )
    p = moves.decide_request(p.pk, actor=staff["admin"], approve=True)
    assert p.status == Status.DEFERRED and p.deferred_until == target
    p = moves.report_back(p.pk, actor=staff["handler"], note="改造完成")
    assert p.status == Status.REPORTED_BACK


def test_rework_keeps_the_deadline_and_counts(new_problem, staff):
    p = _reported_back(new_problem, staff)
    due = p.due_at
    with pytest.raises(MoveError):
        moves.rework(p.pk, actor=staff["inspector"], note="")
    p = moves.rework(p.pk, actor=staff["inspector"], note="仍有残留")
    assert p.status == Status.ACCEPTED and p.rework_count == 1 and p.due_at == due


def test_a_late_report_back_closes_late(new_problem, staff):
    p = _accepted(new_problem, staff)
    Problem.objects.filter(pk=p.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    moves.report_back(p.pk, actor=staff["handler"], note="done")
    p = close_checked(p.pk, actor=staff["inspector"])
    assert p.closed_on_time is False


def test_a_recurrence_reopens_to_the_same_owner(new_problem, staff, units):
    p = _reported_back(new_problem, staff)
    close_checked(p.pk, actor=staff["inspector"])
    with pytest.raises(MoveError):
        moves.reopen(p.pk, actor=staff["handler"], note="又来了")
    p = moves.reopen(p.pk, actor=staff["inspector"], note="摊贩又回来了")
    assert p.status == Status.DISPATCHED and p.recurrence_count == 1
    assert p.owner_unit == units["c1"] and p.closed_at is None and p.due_at > timezone.now()


def test_duplicates_merge_into_one_master(new_problem, staff):
    master, dup, dup2 = new_problem(), new_problem(), new_problem()
    moves.merge(dup2.pk, actor=staff["dispatcher"], master_id=dup.pk)
    moves.merge(dup.pk, actor=staff["dispatcher"], master_id=master.pk)
    master.refresh_from_db()
    dup2.refresh_from_db()
    assert master.report_count == 3 and dup2.master == master
    with pytest.raises(MoveError):
        moves.merge(master.pk, actor=staff["dispatcher"], master_id=master.pk)


def test_a_problem_closed_long_ago_is_no_master_a_new_report_of_it_is_a_recurrence(
    new_problem, staff
):
    closed = _reported_back(new_problem, staff)
    close_checked(closed.pk, actor=staff["inspector"])
    late = new_problem()  # reported before the fix, arriving after it: joins the closed one
    moves.merge(late.pk, actor=staff["dispatcher"], master_id=closed.pk)
    Problem.objects.filter(pk=closed.pk).update(
        closed_at=timezone.now() - moves.MERGE_INTO_CLOSED - dt.timedelta(hours=1)
    )
    again = new_problem()
    with pytest.raises(MoveError, match=closed.number):  # "... reopen it as a recurrence"
        moves.merge(again.pk, actor=staff["dispatcher"], master_id=closed.pk)
    again.refresh_from_db()
    assert again.status == Status.REPORTED and again.master is None


def test_the_reporter_sees_what_they_reported(new_problem, staff):
    from zhengzhi.ledger.scope import visible_problems

    p = new_problem(by="dept_handler")
    assert visible_problems(staff["dept_handler"]).filter(pk=p.pk).exists()
    assert not visible_problems(staff["other_handler"]).filter(pk=p.pk).exists()
