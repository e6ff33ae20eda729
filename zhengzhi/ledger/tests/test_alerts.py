"""The deadline watch: overdue marks, reminders and escalation act once per problem and
deadline, however often the job runs and however many workers run it."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import local, make_user
from zhengzhi.core.roles import Role
from zhengzhi.jobs.models import Job, JobStatus
from zhengzhi.jobs.services import enqueue
from zhengzhi.ledger.models import EventKind, Problem, ProblemAlert, ProblemEvent, Status
from zhengzhi.ledger.services import alerts, moves
from zhengzhi.ledger.tests.pages_support import close_checked
from zhengzhi.notifications.models import Notification

# Deadlines in working days depend on the day of the dispatch, which is now: a Monday morning
# (dispatched on a Sunday, 5 working days are less than 5 days and 20 % of them less than a day).
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 12, 7, 10))]
H = dt.timedelta(hours=1)


def _dispatched(new_problem, staff, **kw):
    p = new_problem(**kw)
    moves.register(p.pk, actor=staff["dispatcher"])
    return moves.dispatch(p.pk, actor=staff["dispatcher"])


def _events(p, kind):
    return ProblemEvent.objects.filter(problem=p, kind=kind).count()


def _inbox(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind).count()


def test_overdue_is_marked_once_however_often_the_job_runs(new_problem, staff):
    a = _dispatched(new_problem, staff)
    b = _dispatched(new_problem, staff)
    later = a.due_at + H
    assert alerts.mark_overdue(later) == 2
    assert alerts.mark_overdue(later) == 0
    assert alerts.mark_overdue(later + 5 * H) == 0
    for p in (a, b):
        fresh = Problem.objects.get(pk=p.pk)
        assert fresh.overdue_at == later
        assert fresh.version == p.version  # an open action form does not go stale
        assert _events(p, EventKind.OVERDUE) == 1
    # One digest per unit and batch, to the owner's people only.
    assert _inbox(staff["handler"], "problem.overdue") == 1
    assert _inbox(staff["other_handler"], "problem.overdue") == 0
    assert _inbox(staff["c2_handler"], "problem.overdue") == 0
    assert AuditEvent.objects.filter(action="problem.overdue").count() == 1


def test_nothing_is_overdue_before_its_deadline_or_once_reported_back(new_problem, staff):
    p = _dispatched(new_problem, staff)
    assert alerts.mark_overdue(p.due_at - H) == 0
    moves.accept(p.pk, actor=staff["handler"])
    moves.report_back(p.pk, actor=staff["handler"], note="已清理")
    assert alerts.mark_overdue(p.due_at + H) == 0
    assert Problem.objects.get(pk=p.pk).overdue_at is None


def test_accepting_an_overdue_problem_does_not_mark_it_again(new_problem, staff):
    p = _dispatched(new_problem, staff)
    alerts.mark_overdue(p.due_at + H)
    moves.accept(p.pk, actor=staff["handler"])  # a new version, the same lapse
    assert alerts.mark_overdue(p.due_at + 2 * H) == 0
    assert _events(p, EventKind.OVERDUE) == 1


def test_a_new_deadline_that_lapses_again_is_marked_again(new_problem, staff):
    p = _dispatched(new_problem, staff)
    alerts.mark_overdue(p.due_at + H)
    new_due = p.due_at + dt.timedelta(days=3)
    moves.request_extension(p.pk, actor=staff["handler"], reason="材料未到", new_due_at=new_due)
    p = moves.decide_request(p.pk, actor=staff["shiftlead"], approve=True)
    assert p.overdue_at is None and p.due_at == new_due
    assert alerts.mark_overdue(new_due - H) == 0
    assert alerts.mark_overdue(new_due + H) == 1
    assert alerts.mark_overdue(new_due + 2 * H) == 0
    assert _events(p, EventKind.OVERDUE) == 2
    versions = ProblemAlert.objects.filter(problem=p, kind="overdue").values_list("version")
    assert len(set(versions)) == 2


def test_a_claim_another_worker_made_first_is_not_acted_on(new_problem, staff):
    p = _dispatched(new_problem, staff)
    ProblemAlert.objects.create(problem=p, version=p.version, kind="overdue")
    assert alerts.mark_overdue(p.due_at + H) == 0  # and the loop ends
    assert _events(p, EventKind.OVERDUE) == 0
    assert _inbox(staff["handler"], "problem.overdue") == 0


def test_escalation_comes_only_after_the_set_time(new_problem, staff, units, settings):
    settings.LEDGER_ESCALATE_AFTER_HOURS = 24
    p = _dispatched(new_problem, staff)
    alerts.mark_overdue(p.due_at + H)
    assert alerts.escalate_overdue(p.due_at + 23 * H) == 0
    assert alerts.escalate_overdue(p.due_at + 25 * H) == 1
    assert alerts.escalate_overdue(p.due_at + 26 * H) == 0
    event = ProblemEvent.objects.get(problem=p, kind=EventKind.ESCALATE)
    assert event.note == "东湖街道" and event.data["to_unit_id"] == units["street"].pk
    # To the leaders of the unit above (the street), not to the community or anyone else.
    assert _inbox(staff["street_leader"], "problem.escalate") == 1
    assert _inbox(staff["handler"], "problem.escalate") == 0
    assert _inbox(staff["officelead"], "problem.escalate") == 0
    assert Problem.objects.get(pk=p.pk).version == p.version


def test_the_escalation_time_is_a_setting(new_problem, staff, settings):
    settings.LEDGER_ESCALATE_AFTER_HOURS = 2
    p = _dispatched(new_problem, staff)
    alerts.mark_overdue(p.due_at + H)
    assert alerts.escalate_overdue(p.due_at + H) == 0
    assert alerts.escalate_overdue(p.due_at + 3 * H) == 1


def test_escalation_without_a_leader_above_goes_to_the_office(new_problem, staff, settings):
    settings.LEDGER_ESCALATE_AFTER_HOURS = 1
    staff["street_leader"].roles.all().delete()
    p = _dispatched(new_problem, staff)
    alerts.run_all(p.due_at + 3 * H)
    assert _inbox(staff["officelead"], "problem.escalate") == 1
    assert ProblemEvent.objects.get(problem=p, kind=EventKind.ESCALATE).note == "创卫办"


def test_an_escalated_problem_that_lapses_again_is_escalated_again(new_problem, staff, settings):
    settings.LEDGER_ESCALATE_AFTER_HOURS = 1
    p = _dispatched(new_problem, staff)
    alerts.run_all(p.due_at + 2 * H)
    alerts.run_all(p.due_at + 3 * H)
    assert _events(p, EventKind.ESCALATE) == 1
    new_due = p.due_at + dt.timedelta(days=3)
    moves.request_extension(p.pk, actor=staff["handler"], reason="需采购", new_due_at=new_due)
    moves.decide_request(p.pk, actor=staff["shiftlead"], approve=True)
    assert alerts.run_all(new_due - H)["escalated"] == 0
    assert alerts.run_all(new_due + 2 * H) == {
        "overdue": 1,
        "escalated": 1,
        "reminded": 0,
        "lapsed": 0,
    }
    assert _events(p, EventKind.ESCALATE) == 2


def test_the_owner_is_reminded_once_per_deadline(new_problem, staff):
    p = _dispatched(new_problem, staff, category="0202")  # 5 working days
    limit = p.due_at - p.dispatched_at
    assert alerts.remind_due(p.dispatched_at + limit * 0.5) == 0
    assert alerts.remind_due(p.due_at - 25 * H) == 0  # 80 % passed, but more than a day left
    assert alerts.remind_due(p.due_at - 23 * H) == 1
    assert alerts.remind_due(p.due_at - 22 * H) == 0
    moves.accept(p.pk, actor=staff["handler"])  # new version, same deadline: no new reminder
    assert alerts.remind_due(p.due_at - 2 * H) == 0
    assert _inbox(staff["handler"], "problem.remind") == 1
    new_due = p.due_at + dt.timedelta(days=5)
    moves.request_extension(p.pk, actor=staff["handler"], reason="需采购", new_due_at=new_due)
    moves.decide_request(p.pk, actor=staff["shiftlead"], approve=True)
    assert alerts.remind_due(new_due - 2 * H) == 1  # a new deadline earns a new reminder
    assert _events(p, EventKind.REMIND) == 2
    assert Problem.objects.get(pk=p.pk).version == p.version + 3  # accept, request, decision


def test_a_short_limit_is_reminded_when_80_percent_has_passed(new_problem, staff):
    p = _dispatched(new_problem, staff, category="0402")  # 2 urgent hours
    assert alerts.remind_due(p.dispatched_at + dt.timedelta(minutes=90)) == 0
    assert alerts.remind_due(p.dispatched_at + dt.timedelta(minutes=100)) == 1


@pytest.mark.parametrize("state", ["reported_back", "deferred", "closed", "pending_return"])
def test_no_reminder_or_mark_for_problems_the_unit_no_longer_holds(new_problem, staff, state):
    p = _dispatched(new_problem, staff, category="0202")
    moves.accept(p.pk, actor=staff["handler"])
    h = staff["handler"]
    if state in ("reported_back", "closed"):
        moves.report_back(p.pk, actor=h, note="已整改")
    if state == "closed":
        close_checked(p.pk, actor=staff["inspector"])
    if state == "deferred":
        target = timezone.localdate() + dt.timedelta(days=60)
        moves.request_deferral(p.pk, actor=h, reason="需资金", plan="列入预算", target_date=target)
        moves.decide_request(p.pk, actor=staff["shiftlead"], approve=True)
    if state == "pending_return":
        # Still the unit's until the office decides: the clock keeps running.
        moves.request_return(p.pk, actor=h, reason="不属本社区")
    expected = 1 if state == "pending_return" else 0
    assert alerts.remind_due(p.due_at - H) == expected
    assert alerts.mark_overdue(p.due_at + H) == expected
    assert Problem.objects.get(pk=p.pk).status != Status.DISPATCHED


def test_a_deferral_past_its_target_date_is_flagged_once(new_problem, staff):
    p = _dispatched(new_problem, staff, category="0202")
    moves.accept(p.pk, actor=staff["handler"])
    target = timezone.localdate() + dt.timedelta(days=10)
    moves.request_deferral(
        p.pk, actor=staff["handler"], reason="需资金", plan="列入预算", target_date=target
    )
    moves.decide_request(p.pk, actor=staff["shiftlead"], approve=True)
    on_the_day = timezone.make_aware(dt.datetime.combine(target, dt.time(18)))
    assert alerts.watch_deferrals(on_the_day) == 0  # the target day itself is still in time
    next_day = on_the_day + dt.timedelta(days=1)
    assert alerts.watch_deferrals(next_day) == 1
    assert alerts.watch_deferrals(next_day) == 0  # once, however often the job runs
    assert alerts.run_all(next_day + 5 * H)["lapsed"] == 0
    event = ProblemEvent.objects.get(problem=p, kind=EventKind.OVERDUE)
    assert event.data["deferral"] is True and event.data["deferred_until"] == str(target)
    assert _inbox(staff["handler"], "problem.lapsed") == 1
    assert _inbox(staff["dispatcher"], "problem.lapsed") == 1
    assert _inbox(staff["other_handler"], "problem.lapsed") == 0
    assert Problem.objects.get(pk=p.pk).status == Status.DEFERRED  # the office decides


def test_the_periodic_job_runs_the_watch(new_problem, staff, django_capture_on_commit_callbacks):
    p = _dispatched(new_problem, staff)
    Problem.objects.filter(pk=p.pk).update(due_at=timezone.now() - H)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("ledger.alerts", dedupe_key="ledger.alerts:test")
    job = Job.objects.get(dedupe_key="ledger.alerts:test")
    assert job.status == JobStatus.DONE, job.error
    assert job.result["overdue"] == 1
    assert _events(p, EventKind.OVERDUE) == 1


def test_batches_cover_every_problem(new_problem, staff):
    ps = [_dispatched(new_problem, staff) for _ in range(7)]
    later = max(p.due_at for p in ps) + H
    assert alerts.mark_overdue(later, batch=3) == 7
    assert alerts.mark_overdue(later, batch=3) == 0
    assert ProblemEvent.objects.filter(kind=EventKind.OVERDUE).count() == 7


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_act_once(new_problem, staff):
    ps = [_dispatched(new_problem, staff) for _ in range(40)]
    later = max(p.due_at for p in ps) + 30 * H
    barrier, results, errors = threading.Barrier(2), [], []

    def worker():
        try:
            barrier.wait()
            results.append(alerts.run_all(later))
        except Exception as exc:  # reported below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sum(r["overdue"] for r in results) == 40
    assert sum(r["escalated"] for r in results) == 40
    for kind in (EventKind.OVERDUE, EventKind.ESCALATE):
        assert ProblemEvent.objects.filter(kind=kind).count() == 40
    assert _inbox(staff["handler"], "problem.overdue") <= 2


def test_each_recipient_reads_the_notice_in_their_own_language(new_problem, staff, units):
    english = make_user("en_handler", units["c1"], Role.HANDLER, language="en")
    staff["handler"].language = "zh-hans"
    staff["handler"].save(update_fields=["language"])
    a = _dispatched(new_problem, staff)
    alerts.mark_overdue(a.due_at + H)
    got = dict(
        Notification.objects.filter(kind="problem.overdue").values_list(
            "recipient__username", "subject"
        )
    )
    assert got["en_handler"] == f"Problem {a.number} is overdue"
    assert got["handler"] == f"问题 {a.number} 已超期"
    b, c = _dispatched(new_problem, staff), _dispatched(new_problem, staff)
    alerts.mark_overdue(max(b.due_at, c.due_at) + H)
    digest = Notification.objects.filter(recipient=english).order_by("-pk").first()
    assert digest.subject == "2 problems are overdue" and b.number in digest.body
    assert digest.url == f"/ledger/problems/?overdue=1&unit={units['c1'].pk}"


def test_the_schedule_queues_one_watch_per_slot(django_capture_on_commit_callbacks):
    from zhengzhi.ledger import tasks

    with django_capture_on_commit_callbacks(execute=True):
        tasks.schedule_deadline_watch.call_local()
        tasks.schedule_deadline_watch.call_local()
    jobs = Job.objects.filter(name="ledger.alerts")
    assert jobs.count() == 1 and jobs.get().dedupe_key.startswith("ledger.alerts:")
    assert jobs.get().status == JobStatus.DONE
