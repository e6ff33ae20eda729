"""How a demo problem's life goes: a plan of detours, played move by move with plausible delays
by the people whose role it is to make each move."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from zhengzhi.ledger.demo import texts
from zhengzhi.ledger.demo.life import Life, Stop
from zhengzhi.ledger.models import LimitUnit, Pending, Status


@dataclass(frozen=True)
class Plan:
    reject: bool = False
    returns: tuple[bool, ...] = ()  # each return request: approved?
    extensions: tuple[bool, ...] = ()  # each extension request: approved?
    deferral: str = ""  # "", "approved" or "denied"
    reworks: int = 0
    late: bool = False  # reports back after the deadline
    stall: bool = False  # accepts and then does nothing
    recur: bool = False  # closed, then comes back
    reminded: bool = False  # asks for each extension only once reminded of the deadline
    # Stop after a step even if there is time left: reported, registered, dispatched, accepted,
    # pending_return, pending_extension, pending_deferral, deferred, reported_back, reopened.
    stop: str = ""


@dataclass
class Cast:
    dispatchers: list
    approvers: list
    second_approver: object  # the office's leader: a second extension
    verifiers: list
    handlers: dict[int, list] = field(default_factory=dict)  # unit id -> handlers and leaders
    # (old owner or None, category) -> a unit that has handlers, for re-routing after a return
    reroute: Callable = None  # type: ignore[assignment]

    def handler(self, unit, rng: random.Random):
        return rng.choice(self.handlers[unit.pk])


def random_plan(rng: random.Random) -> Plan:
    r = rng.random
    if r() < 0.04:
        return Plan(reject=True)
    returns: tuple[bool, ...] = ()
    if r() < 0.07:
        returns = (r() < 0.75,) if r() < 0.85 else (True, True)
    extensions: tuple[bool, ...] = ()
    if r() < 0.085:
        extensions = (r() < 0.75,) if r() < 0.8 else (True, r() < 0.7)
    deferral = ("approved" if r() < 0.8 else "denied") if r() < 0.03 else ""
    reworks = 0 if r() > 0.07 else (1 if r() < 0.85 else 2)
    return Plan(
        returns=returns,
        extensions=extensions,
        deferral=deferral,
        reworks=reworks,
        late=r() < 0.15,
        stall=r() < 0.025,
        recur=r() < 0.035,
    )


def _hourly(category) -> bool:
    """Limits in (urgent) hours: the unit works at once, not at the next office hour."""
    return (category.stages or [{}])[0].get("unit") != LimitUnit.WORK_DAYS


def live(life: Life, plan: Plan, cast: Cast) -> Life:
    with contextlib.suppress(Stop):
        _play(life, plan, cast)
    life.finish()
    return life


def _play(life: Life, plan: Plan, cast: Cast) -> None:  # noqa: C901 - one life, read top down
    w, f, rng = life.world, life.fields, life.world.rng
    hourly = _hourly(life.category)

    def stop(name: str) -> None:
        if plan.stop == name:
            raise Stop

    def disp():
        return rng.choice(cast.dispatchers)

    def handler():
        return cast.handler(f["owner_unit"], rng)

    def back_time(start: dt.datetime, late: bool) -> dt.datetime:
        limit = f["due_at"] - f["dispatched_at"]
        if late:
            t = max(
                f["due_at"] + dt.timedelta(minutes=30),
                f["dispatched_at"] + limit * rng.uniform(1.1, 2.5),
            )
        else:
            t = f["dispatched_at"] + limit * rng.uniform(0.35, 0.95)
        t = max(t, start + dt.timedelta(minutes=rng.uniform(10, 60)))
        return t if hourly else w.office_time(t)

    def verify() -> None:
        for _ in range(plan.reworks):
            life.rework(
                w.later(life.t, 30, 480), rng.choice(cast.verifiers), rng.choice(texts.REWORK_NOTES)
            )
            limit = f["due_at"] - f["dispatched_at"]
            t = life.t + limit * rng.uniform(0.1, 0.5)
            life.report_back(
                t if hourly else w.office_time(t), handler(), rng.choice(texts.BACK_NOTES)
            )
        life.close(
            w.later(life.t, 30, 600), rng.choice(cast.verifiers), rng.choice(texts.CLOSE_NOTES)
        )

    stop("reported")
    t = w.later(life.t, 10, 180)
    if plan.reject:
        life.reject(t, disp(), rng.choice(texts.REJECT_REASONS))
        return
    life.register(t, disp())
    stop("registered")
    life.dispatch(
        w.later(life.t, 5, 90), disp(), f["owner_unit"] or cast.reroute(None, life.category)
    )
    stop("dispatched")
    for approved in plan.returns:
        life.request(
            w.later(life.t, 20, 600), handler(), Pending.RETURN, rng.choice(texts.RETURN_REASONS)
        )
        stop("pending_return")
        note = "" if approved else rng.choice(texts.DENY_NOTES)
        life.decide(w.later(life.t, 30, 240), rng.choice(cast.approvers), approved, note)
        if approved:
            owner = cast.reroute(life.events[-1]["data"]["returned_unit_id"], life.category)
            life.dispatch(w.later(life.t, 10, 60), disp(), owner)
    quick = (f["due_at"] - f["dispatched_at"]) * 0.15
    if hourly:
        life.accept(life.t + min(quick, dt.timedelta(minutes=rng.uniform(5, 40))), handler())
    else:
        life.accept(w.later(life.t, 10, 300), handler())
    stop("accepted")
    for approved in plan.extensions:
        due = f["due_at"]
        t = life.t + max(due - life.t, dt.timedelta(hours=1)) * rng.uniform(0.3, 0.8)
        if plan.reminded:
            reminded = w.remind_from(f["dispatched_at"], due)
            t = max(t, reminded + dt.timedelta(minutes=rng.uniform(5, 90)))
        if hourly:
            new_due = due + dt.timedelta(hours=rng.randint(4, 48))
        else:
            new_due = w.calendar.add_work_days(due, rng.randint(2, 10))
        life.request(
            w.office_time(t),
            handler(),
            Pending.EXTENSION,
            rng.choice(texts.EXTENSION_REASONS),
            new_due_at=new_due,
        )
        stop("pending_extension")
        approver = cast.second_approver if f["extension_count"] >= 1 else rng.choice(cast.approvers)
        note = "" if approved else rng.choice(texts.DENY_NOTES)
        life.decide(w.later(life.t, 30, 360), approver, approved, note)
    if plan.deferral:
        t = w.later(life.t, 60, 3 * 1440)
        target = t.astimezone(w.tz).date() + dt.timedelta(days=rng.randint(30, 120))
        reason, scheme = rng.choice(texts.DEFERRAL_REASONS)
        life.request(t, handler(), Pending.DEFERRAL, reason, plan=scheme, target_date=target)
        stop("pending_deferral")
        approved = plan.deferral == "approved"
        note = "" if approved else rng.choice(texts.DENY_NOTES)
        life.decide(w.later(life.t, 60, 1440), rng.choice(cast.approvers), approved, note)
        if approved:
            stop("deferred")
            done = dt.datetime.combine(
                target - dt.timedelta(days=rng.randint(0, 10)), dt.time(9), w.tz
            )
            life.at(done)  # most deferrals are still running at the demo's now
            life.report_back(w.office_time(done), handler(), rng.choice(texts.BACK_NOTES))
    if plan.stall:
        return
    if f["status"] != Status.REPORTED_BACK:
        life.report_back(back_time(life.t, plan.late), handler(), rng.choice(texts.BACK_NOTES))
    stop("reported_back")
    verify()
    if plan.recur:
        life.reopen(
            w.later(life.t, 3 * 1440, 25 * 1440),
            rng.choice(cast.verifiers),
            rng.choice(texts.REOPEN_NOTES),
        )
        stop("reopened")
        life.accept(w.later(life.t, 10, 240), handler())
        life.report_back(back_time(life.t, False), handler(), rng.choice(texts.BACK_NOTES))
        life.close(
            w.later(life.t, 30, 600), rng.choice(cast.verifiers), rng.choice(texts.CLOSE_NOTES)
        )
