"""The closed loop: register → dispatch → accept → report back → verify → close, and its detours
(reject, return, extension, deferral, rework, recurrence, merge).

Every move: locks the problem, refuses a stale action (the version the user saw), checks role,
unit and state, changes the problem, raises its version, and records a timeline event and an
audit row, all in one transaction. Notifications go out after commit through the worker.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.models import (
    EventKind,
    Problem,
    ProblemEvent,
    Status,
)
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.ledger.services import notices
from zhengzhi.ledger.services.base import _attach, _lock, _require, _save
from zhengzhi.ledger.services.deadlines import stage_deadlines, verify_deadline
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.permissions import Move
from zhengzhi.ledger.services.requests import (  # noqa: F401 - part of the loop's interface
    decide_request,
    request_deferral,
    request_extension,
    request_return,
)
from zhengzhi.ledger.services.verification import verification
from zhengzhi.org.models import Unit


@transaction.atomic
def register(
    problem_id: int, *, actor, version: int | None = None, note: str = "", request=None
) -> Problem:
    p = _lock(problem_id, actor, version, Move.REGISTER)
    now = timezone.now()
    p.status, p.registered_at = Status.REGISTERED, now
    _save(
        p,
        actor,
        EventKind.REGISTER,
        Status.REPORTED,
        ["status", "registered_at"],
        note=note,
        request=request,
        now=now,
    )
    notices.registered(p)
    return p


@transaction.atomic
def reject(
    problem_id: int, *, actor, reason: str, version: int | None = None, request=None
) -> Problem:
    p = _lock(problem_id, actor, version, Move.REJECT)
    p.reject_reason = _require(reason, _("a reason"))[:200]
    p.status = Status.REJECTED
    _save(
        p,
        actor,
        EventKind.REJECT,
        Status.REPORTED,
        ["status", "reject_reason"],
        note=p.reject_reason,
        request=request,
    )
    notices.rejected(p)
    return p


# How long after closing a problem still takes duplicates (the public duplicate finder's window).
MERGE_INTO_CLOSED = dt.timedelta(days=30)


class _Keep:
    """Leave the supporting department as it is (None clears it: not every problem has one)."""


KEEP = _Keep()


@transaction.atomic
def dispatch(
    problem_id: int,
    *,
    actor,
    owner_unit: Unit | None = None,
    supporting_unit: Unit | None | _Keep = KEEP,
    version: int | None = None,
    note: str = "",
    request=None,
) -> Problem:
    p = _lock(problem_id, actor, version, Move.DISPATCH)
    owner = owner_unit or p.owner_unit
    if owner is None:
        raise MoveError(_("Choose the unit that owns this problem."), "invalid")
    if not owner.is_active:
        raise MoveError(_("That unit is no longer active."), "invalid")
    now = timezone.now()
    from_status = p.status
    p.owner_unit = owner
    if not isinstance(supporting_unit, _Keep):
        if supporting_unit is not None and not supporting_unit.is_active:
            raise MoveError(_("That unit is no longer active."), "invalid")
        p.supporting_unit = supporting_unit
    p.stage_deadlines = stage_deadlines(p.category, now)
    p.due_at = dt.datetime.fromisoformat(p.stage_deadlines[-1]["due_at"])
    p.status, p.dispatched_at = Status.DISPATCHED, now
    p.overdue_at = None
    _save(
        p,
        actor,
        EventKind.DISPATCH,
        from_status,
        [
            "owner_unit",
            "supporting_unit",
            "stage_deadlines",
            "due_at",
            "status",
            "dispatched_at",
            "overdue_at",
        ],
        note=note,
        request=request,
        now=now,
        data={"owner": owner.name, "due_at": p.due_at.isoformat()},
    )
    notices.dispatched(p)
    return p


@transaction.atomic
def accept(
    problem_id: int, *, actor, version: int | None = None, note: str = "", request=None
) -> Problem:
    p = _lock(problem_id, actor, version, Move.ACCEPT)
    p.status, p.accepted_at = Status.ACCEPTED, timezone.now()
    _save(
        p,
        actor,
        EventKind.ACCEPT,
        Status.DISPATCHED,
        ["status", "accepted_at"],
        note=note,
        request=request,
    )
    return p


@transaction.atomic
def report_back(
    problem_id: int,
    *,
    actor,
    note: str,
    photo_ids: list | None = None,
    version: int | None = None,
    request=None,
) -> Problem:
    """反馈: the unit says it is done, with evidence; the verifier's clock starts."""
    p = _lock(problem_id, actor, version, Move.REPORT_BACK)
    note = _require(note, _("what was done"))
    now = timezone.now()
    from_status = p.status
    p.status, p.reported_back_at = Status.REPORTED_BACK, now
    p.verify_due_at = verify_deadline(p.category, now)
    photos = _attach(photo_ids, p, actor, "after")
    _save(
        p,
        actor,
        EventKind.REPORT_BACK,
        from_status,
        ["status", "reported_back_at", "verify_due_at"],
        note=note,
        request=request,
        now=now,
        data={"photos": photos},
    )
    notices.reported_back(p)
    return p


@transaction.atomic
def close(
    problem_id: int,
    *,
    actor,
    note: str = "",
    photo_ids: list | None = None,
    stood_lon: float | None = None,
    stood_lat: float | None = None,
    stood_accuracy: float | None = None,
    checked: list[str] | None = None,
    unchecked_reason: str = "",
    version: int | None = None,
    request=None,
) -> Problem:
    """核查销号: verified on the spot and struck off, with the verifier's photos, where they
    stood, and the category's close standard ticked item by item (an item not ticked needs a
    reason). On time when the unit reported back before its deadline (a verifier's delay is
    not the unit's)."""
    p = _lock(problem_id, actor, version, Move.CLOSE)
    checks = verification(
        p,
        checked=checked,
        reason=unchecked_reason,
        lon=stood_lon,
        lat=stood_lat,
        accuracy=stood_accuracy,
    )
    now = timezone.now()
    p.status, p.closed_at = Status.CLOSED, now
    p.closed_on_time = bool(p.due_at and p.reported_back_at and p.reported_back_at <= p.due_at)
    photos = _attach(photo_ids, p, actor, "verify")
    _save(
        p,
        actor,
        EventKind.CLOSE,
        Status.REPORTED_BACK,
        ["status", "closed_at", "closed_on_time"],
        note=note,
        request=request,
        now=now,
        data={"photos": photos, **checks.as_data()},
    )
    notices.verified(p, closed=True)
    return p


@transaction.atomic
def rework(
    problem_id: int, *, actor, note: str, version: int | None = None, request=None
) -> Problem:
    """返工: not done as reported; back to the unit, whose deadline keeps running."""
    p = _lock(problem_id, actor, version, Move.REWORK)
    note = _require(note, _("what is still wrong"))
    p.status = Status.ACCEPTED
    p.rework_count += 1
    _save(
        p,
        actor,
        EventKind.REWORK,
        Status.REPORTED_BACK,
        ["status", "rework_count"],
        note=note,
        request=request,
    )
    notices.verified(p, closed=False)
    return p


@transaction.atomic
def reopen(
    problem_id: int, *, actor, note: str, version: int | None = None, request=None
) -> Problem:
    """反弹: a closed problem came back. It goes to the same owner with a new deadline."""
    p = _lock(problem_id, actor, version, Move.REOPEN)
    note = _require(note, _("what came back"))
    now = timezone.now()
    p.recurrence_count += 1
    p.status, p.dispatched_at, p.closed_at, p.closed_on_time = (Status.DISPATCHED, now, None, None)
    p.stage_deadlines = stage_deadlines(p.category, now)
    p.due_at = dt.datetime.fromisoformat(p.stage_deadlines[-1]["due_at"])
    p.accepted_at = p.reported_back_at = p.verify_due_at = p.overdue_at = None
    _save(
        p,
        actor,
        EventKind.REOPEN,
        Status.CLOSED,
        [
            "status",
            "dispatched_at",
            "closed_at",
            "closed_on_time",
            "stage_deadlines",
            "due_at",
            "accepted_at",
            "reported_back_at",
            "verify_due_at",
            "overdue_at",
            "recurrence_count",
        ],
        note=note,
        request=request,
        now=now,
    )
    notices.dispatched(p)
    return p


@transaction.atomic
def merge(
    problem_id: int, *, actor, master_id: int, version: int | None = None, request=None
) -> Problem:
    """A duplicate follows its master: it is counted on the master and closes with it."""
    p = _lock(problem_id, actor, version, Move.MERGE)
    if master_id == p.pk:
        raise MoveError(_("A problem cannot be merged into itself."), "invalid")
    try:
        master = visible_problems(actor).select_for_update(of=("self",)).get(pk=master_id)
    except Problem.DoesNotExist:
        raise MoveError(_("There is no such problem to merge into."), "invalid") from None
    while master.master_id:  # merge into the root master, never into a merged problem
        master = Problem.objects.select_for_update(of=("self",)).get(pk=master.master_id)
    if master.status == Status.REJECTED:
        raise MoveError(_("A rejected problem cannot be a master."), "invalid")
    if master.status == Status.CLOSED and (
        master.closed_at is None or master.closed_at < timezone.now() - MERGE_INTO_CLOSED
    ):
        # A late report of a problem fixed days ago may join it (its reporter is told it is
        # done); one closed long ago that is back is a recurrence (反弹), counted against its
        # unit: merging the new report into it would hide that.
        raise MoveError(
            _("%(number)s is closed: reopen it as a recurrence instead of merging into it.")
            % {"number": master.number},
            "invalid",
        )
    from_status = p.status
    p.status, p.master = Status.MERGED, master
    _save(
        p,
        actor,
        EventKind.MERGE,
        from_status,
        ["status", "master"],
        request=request,
        data={"master": master.number},
    )
    Problem.objects.filter(pk=master.pk).update(report_count=master.report_count + p.report_count)
    Problem.objects.filter(master=p).update(master=master)
    ProblemEvent.objects.create(
        problem=master,
        kind=EventKind.NOTE,
        at=timezone.now(),
        actor=actor,
        from_status=master.status,
        to_status=master.status,
        note=str(_("%(number)s was merged into this problem.") % {"number": p.number}),
        data={"merged": p.number},
    )
    master.refresh_from_db()
    notices.merged(p, master)
    return p
