"""One demo problem's history, move by move, in memory.

Each move changes exactly the fields that the move of services.moves changes (and raises the
version as it does); the deadline watch of services.alerts runs on the five-minute ticks in
between, with its own rules, and a last time at the demo's "now". So the rows written in bulk are
the rows the services would have written, and the real worker finds nothing left to do.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from zhengzhi.ledger.models import EventKind, Pending, ProblemRequest, Status
from zhengzhi.ledger.models.problems import RUNNING_STATUSES
from zhengzhi.ledger.services.deadlines import stage_deadlines, verify_deadline
from zhengzhi.ledger.services.requests import extend_stages
from zhengzhi.workcal.calendar import WORK_END, WORK_START, WorkCalendar

TICK = dt.timedelta(minutes=5)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
TINY = dt.timedelta(microseconds=1)


class Stop(Exception):
    """The next move would happen after the demo's now: the problem stays where it is."""


@dataclass
class World:
    now: dt.datetime
    calendar: WorkCalendar
    tz: Any
    escalate_after: dt.timedelta
    remind_share: float
    remind_most: dt.timedelta
    rng: random.Random
    # owner unit -> the unit an escalation goes to (as services.alerts chooses it)
    escalate_to: Callable[[Any], Any]

    def office_time(self, t: dt.datetime) -> dt.datetime:
        """The first working moment at or after t (a dispatcher or a verifier at a desk)."""
        local = t.astimezone(self.tz)
        for _ in range(30):
            day = local.date()
            if self.calendar.is_workday(day):
                start = dt.datetime.combine(day, WORK_START, self.tz)
                end = dt.datetime.combine(day, WORK_END, self.tz)
                if local < start:
                    return start + dt.timedelta(minutes=self.rng.randint(0, 40))
                if local < end:
                    return local
            local = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), self.tz)
        return local

    def remind_from(self, dispatched_at: dt.datetime, due: dt.datetime) -> dt.datetime:
        """When the watch reminds of this deadline (services.alerts.remind_rule)."""
        return due - min(self.remind_most, (due - dispatched_at) * self.remind_share)

    def later(self, t: dt.datetime, lo: float, hi: float, *, office: bool = True) -> dt.datetime:
        """t plus lo..hi minutes, moved into working time when a desk does it."""
        t = t + dt.timedelta(minutes=self.rng.uniform(lo, hi))
        return self.office_time(t) if office else t


def tick_at_or_after(t: dt.datetime) -> dt.datetime:
    steps = -((EPOCH - t) // TICK)  # ceiling division
    return EPOCH + steps * TICK


@dataclass
class Life:
    world: World
    fields: dict[str, Any]
    category: Any
    t: dt.datetime
    events: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    alerts: list[tuple[int, str, dt.datetime]] = field(default_factory=list)
    merge_into: Life | None = None
    number: str = ""

    # --- the clock and the deadline watch ------------------------------------------------------

    def at(self, t: dt.datetime) -> None:
        """Moves the clock to t; the watch acts on the ticks before it. Past now: Stop."""
        t = max(t, self.t)
        if t > self.world.now:
            self._watch(self.world.now, final=True)
            self.t = self.world.now
            raise Stop
        self._watch(t, final=False)
        self.t = t

    def finish(self) -> None:
        self._watch(self.world.now, final=True)

    def _alerted(self, kind: str, since: dt.datetime) -> bool:
        return any(k == kind and at >= since for _, k, at in self.alerts)

    def _next_watch(self, until: dt.datetime, final: bool):
        f, w = self.fields, self.world
        if f["status"] not in RUNNING_STATUSES or f["due_at"] is None:
            return None
        due = f["due_at"]
        options = []
        if f["overdue_at"] is None:
            options.append(("overdue", due + TINY))
            remind_from = w.remind_from(f["dispatched_at"], due)
            if not self._alerted("remind", remind_from):
                options.append(("remind", remind_from))
        elif not self._alerted("escalate", f["overdue_at"]):
            options.append(("escalate", max(f["overdue_at"], due + w.escalate_after)))
        best = None
        for order, (kind, earliest) in enumerate(options):
            tick = tick_at_or_after(earliest)
            if final and tick > until >= earliest:
                tick = until  # the worker's run at "now" sees it
            if kind == "remind" and tick >= due:
                continue
            if tick > until or (tick == until and not final):
                continue
            if best is None or (tick, order) < best[:2]:
                best = (tick, order, kind)
        return best

    def _watch(self, until: dt.datetime, final: bool) -> None:
        while (found := self._next_watch(until, final)) is not None:
            tick, _, kind = found
            f = self.fields
            self.alerts.append((f["version"], kind, tick))
            event_kind = {
                "overdue": EventKind.OVERDUE,
                "remind": EventKind.REMIND,
                "escalate": EventKind.ESCALATE,
            }[kind]
            data = {"due_at": f["due_at"].isoformat()}
            note = ""
            if kind == "overdue":
                f["overdue_at"] = tick
            if kind == "escalate":
                unit = self.world.escalate_to(f["owner_unit"])
                note, data["to_unit_id"] = (unit.name, unit.pk) if unit else ("", None)
            self._event(event_kind, tick, None, f["status"], note=note, data=data)

    # --- events --------------------------------------------------------------------------------

    def _event(self, kind, at, actor, from_status, *, note="", data=None, to_status=None):
        self.events.append(
            {
                "kind": kind,
                "at": at,
                "actor": actor,
                "from_status": from_status,
                "to_status": to_status or self.fields["status"],
                "note": note,
                "data": data or {},
            }
        )

    def _move(self, kind, actor, from_status, *, note="", data=None) -> None:
        self.fields["version"] += 1
        self._event(kind, self.t, actor, from_status, note=note, data=data)

    # --- the moves (as in services.moves) ------------------------------------------------------

    def register(self, t, actor) -> None:
        self.at(t)
        self.fields.update(status=Status.REGISTERED, registered_at=self.t)
        self._move(EventKind.REGISTER, actor, Status.REPORTED)

    def reject(self, t, actor, reason: str) -> None:
        self.at(t)
        self.fields.update(status=Status.REJECTED, reject_reason=reason[:200])
        self._move(EventKind.REJECT, actor, Status.REPORTED, note=reason)

    def dispatch(self, t, actor, owner) -> None:
        self.at(t)
        f, from_status = self.fields, self.fields["status"]
        stages = stage_deadlines(self.category, self.t, self.world.calendar)
        f.update(
            owner_unit=owner,
            stage_deadlines=stages,
            due_at=dt.datetime.fromisoformat(stages[-1]["due_at"]),
            status=Status.DISPATCHED,
            dispatched_at=self.t,
            overdue_at=None,
        )
        data = {"owner": owner.name, "due_at": f["due_at"].isoformat()}
        self._move(EventKind.DISPATCH, actor, from_status, data=data)

    def accept(self, t, actor) -> None:
        self.at(t)
        self.fields.update(status=Status.ACCEPTED, accepted_at=self.t)
        self._move(EventKind.ACCEPT, actor, Status.DISPATCHED)

    def request(self, t, actor, kind: str, reason: str, **extra) -> None:
        self.at(t)
        f = self.fields
        self.requests.append(
            {
                "kind": kind,
                "reason": reason,
                "requested_by": actor,
                "requested_at": self.t,
                "decision": ProblemRequest.Decision.PENDING,
                **extra,
            }
        )
        f["pending"] = kind
        data = {}
        if kind == Pending.EXTENSION:
            data = {"new_due_at": extra["new_due_at"].isoformat()}
        if kind == Pending.DEFERRAL:
            data = {"plan": extra["plan"], "target_date": extra["target_date"].isoformat()}
        event = {
            Pending.RETURN: EventKind.REQUEST_RETURN,
            Pending.EXTENSION: EventKind.REQUEST_EXTENSION,
            Pending.DEFERRAL: EventKind.REQUEST_DEFERRAL,
        }[kind]
        self._move(event, actor, f["status"], note=reason, data=data)

    def decide(self, t, actor, approve: bool, note: str = "") -> None:
        self.at(t)
        f, req = self.fields, self.requests[-1]
        kind = f["pending"]
        req.update(
            decision=ProblemRequest.Decision.APPROVED
            if approve
            else ProblemRequest.Decision.DENIED,
            approver=actor,
            decided_at=self.t,
            decision_note=note,
        )
        from_status = f["status"]
        f["pending"] = Pending.NONE
        data: dict[str, Any] = {"request": kind, "approved": approve}
        if approve and kind == Pending.RETURN:
            owner = f["owner_unit"]
            data["returned_by"] = owner.name if owner else ""
            data["returned_unit_id"] = owner.pk if owner else None
            # As requests.decide_request: no owner, deadline, stages or marks at the dispatcher.
            f.update(
                status=Status.REGISTERED,
                owner_unit=None,
                due_at=None,
                stage_deadlines=[],
                accepted_at=None,
                overdue_at=None,
            )
            f["return_count"] += 1
        elif approve and kind == Pending.EXTENSION:
            data["old_due_at"] = f["due_at"].isoformat() if f["due_at"] else None
            f.update(due_at=req["new_due_at"], overdue_at=None)
            f["stage_deadlines"] = extend_stages(f.get("stage_deadlines") or [], f["due_at"])
            f["extension_count"] += 1
            data["due_at"] = f["due_at"].isoformat()
        elif approve and kind == Pending.DEFERRAL:
            f.update(status=Status.DEFERRED, deferred_until=req["target_date"])
        event = {
            (Pending.RETURN, True): EventKind.APPROVE_RETURN,
            (Pending.RETURN, False): EventKind.DENY_RETURN,
            (Pending.EXTENSION, True): EventKind.APPROVE_EXTENSION,
            (Pending.EXTENSION, False): EventKind.DENY_EXTENSION,
            (Pending.DEFERRAL, True): EventKind.APPROVE_DEFERRAL,
            (Pending.DEFERRAL, False): EventKind.DENY_DEFERRAL,
        }[(kind, approve)]
        self._move(event, actor, from_status, note=note, data=data)

    def report_back(self, t, actor, note: str) -> None:
        self.at(t)
        f, from_status = self.fields, self.fields["status"]
        f.update(
            status=Status.REPORTED_BACK,
            reported_back_at=self.t,
            verify_due_at=verify_deadline(self.category, self.t, self.world.calendar),
        )
        self._move(EventKind.REPORT_BACK, actor, from_status, note=note, data={"photos": []})

    def close(self, t, actor, note: str = "") -> None:
        self.at(t)
        f = self.fields
        on_time = bool(
            f["due_at"] and f["reported_back_at"] and f["reported_back_at"] <= f["due_at"]
        )
        f.update(status=Status.CLOSED, closed_at=self.t, closed_on_time=on_time)
        self._move(EventKind.CLOSE, actor, Status.REPORTED_BACK, note=note)

    def rework(self, t, actor, note: str) -> None:
        self.at(t)
        self.fields.update(status=Status.ACCEPTED)
        self.fields["rework_count"] += 1
        self._move(EventKind.REWORK, actor, Status.REPORTED_BACK, note=note)

    def reopen(self, t, actor, note: str) -> None:
        self.at(t)
        f = self.fields
        stages = stage_deadlines(self.category, self.t, self.world.calendar)
        f["recurrence_count"] += 1
        f.update(
            status=Status.DISPATCHED,
            dispatched_at=self.t,
            closed_at=None,
            closed_on_time=None,
            stage_deadlines=stages,
            due_at=dt.datetime.fromisoformat(stages[-1]["due_at"]),
            reported_back_at=None,
            verify_due_at=None,
            overdue_at=None,
        )
        self._move(EventKind.REOPEN, actor, Status.CLOSED, note=note)

    def merge(self, t, actor, master: Life) -> None:
        self.at(t)
        from_status = self.fields["status"]
        self.fields["status"] = Status.MERGED
        self.merge_into = master
        self._move(EventKind.MERGE, actor, from_status, data={"master": None})  # number later
        master.fields["report_count"] += self.fields["report_count"]
        status = master.status_at(self.t)
        master.events.append(
            {
                "kind": EventKind.NOTE,
                "at": self.t,
                "actor": actor,
                "from_status": status,
                "to_status": status,
                "note": None,  # "<number> was merged into this problem.", once numbered
                "data": {"merged": self},
            }
        )
        master.events.sort(key=lambda e: e["at"])  # stable: same-time events keep their order

    def status_at(self, t: dt.datetime) -> str:
        status = Status.REPORTED
        for e in self.events:
            if e["at"] <= t and e["to_status"]:
                status = e["to_status"]
        return status
