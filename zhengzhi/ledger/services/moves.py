"""The closed loop: register → dispatch → accept → report back → verify → close, and its detours
(reject, return, extension, deferral, rework, recurrence, merge).

Every move: locks the problem, refuses a stale action (the version the user saw), checks role,
unit and state, changes the problem, raises its version, and records a timeline event and an
audit row, all in one transaction. Notifications go out after commit through the worker.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import record
from zhengzhi.ledger.models import (
    EventKind,
    Pending,
    Problem,
    ProblemEvent,
    ProblemRequest,
    Status,
)
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.ledger.services import notices
from zhengzhi.ledger.services.deadlines import stage_deadlines, verify_deadline
from zhengzhi.ledger.services.errors import MoveError, StaleAction
from zhengzhi.ledger.services.permissions import Move, allowed_moves
from zhengzhi.org.models import Unit


def _lock(problem_id: int, actor, version: int | None, move: str) -> Problem:
    try:
        problem = (
            visible_problems(actor)
            .select_for_update(of=("self",))
            .select_related("category", "owner_unit")
            .get(pk=problem_id)
        )
    except Problem.DoesNotExist:
        raise MoveError(_("There is no such problem."), "not_found") from None
    if version is not None and problem.version != version:
        raise StaleAction()
    if move not in allowed_moves(actor, problem):
        raise MoveError(_("You may not do this to this problem now."), "not_allowed")
    return problem


def _save(
    problem: Problem,
    actor,
    kind: str,
    from_status: str,
    fields: list[str],
    *,
    note: str = "",
    data: dict[str, Any] | None = None,
    request=None,
    now: dt.datetime | None = None,
) -> ProblemEvent:
    problem.version += 1
    problem.save(update_fields=[*fields, "version"])
    event = ProblemEvent.objects.create(
        problem=problem,
        kind=kind,
        at=now or timezone.now(),
        actor=actor,
        actor_unit_id=getattr(actor, "unit_id", None),
        from_status=from_status,
        to_status=problem.status,
        note=note,
        data=data or {},
    )
    record(
        f"problem.{kind}",
        actor=actor,
        obj=problem,
        unit_id=problem.owner_unit_id,
        request=request,
        data={"from": from_status, "to": problem.status, **(data or {})},
    )
    return event


def _require(text: str, what) -> str:
    text = (text or "").strip()
    if not text:
        raise MoveError(_("Please give %(what)s.") % {"what": what}, "invalid")
    return text


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
    return p


@transaction.atomic
def dispatch(
    problem_id: int,
    *,
    actor,
    owner_unit: Unit | None = None,
    supporting_unit: Unit | None = None,
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
    if supporting_unit is not None:
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


def _open_request(p: Problem, actor, kind: str, reason: str, **fields) -> ProblemRequest:
    return ProblemRequest.objects.create(
        problem=p,
        kind=kind,
        reason=reason,
        requested_by=actor,
        requested_at=timezone.now(),
        **fields,
    )


@transaction.atomic
def request_return(
    problem_id: int, *, actor, reason: str, version: int | None = None, request=None
) -> Problem:
    """The unit says the problem is not theirs (退回); the dispatcher decides and re-routes."""
    p = _lock(problem_id, actor, version, Move.REQUEST_RETURN)
    reason = _require(reason, _("a reason"))
    _open_request(p, actor, ProblemRequest.Kind.RETURN, reason)
    p.pending = Pending.RETURN
    _save(p, actor, EventKind.REQUEST_RETURN, p.status, ["pending"], note=reason, request=request)
    notices.request_made(p, Pending.RETURN)
    return p


@transaction.atomic
def request_extension(
    problem_id: int,
    *,
    actor,
    reason: str,
    new_due_at: dt.datetime,
    version: int | None = None,
    request=None,
) -> Problem:
    p = _lock(problem_id, actor, version, Move.REQUEST_EXTENSION)
    reason = _require(reason, _("a reason"))
    if new_due_at is None or (p.due_at and new_due_at <= p.due_at):
        raise MoveError(_("The new deadline must be later than the current one."), "invalid")
    _open_request(p, actor, ProblemRequest.Kind.EXTENSION, reason, new_due_at=new_due_at)
    p.pending = Pending.EXTENSION
    _save(
        p,
        actor,
        EventKind.REQUEST_EXTENSION,
        p.status,
        ["pending"],
        note=reason,
        request=request,
        data={"new_due_at": new_due_at.isoformat()},
    )
    notices.request_made(p, Pending.EXTENSION)
    return p


@transaction.atomic
def request_deferral(
    problem_id: int,
    *,
    actor,
    reason: str,
    plan: str,
    target_date: dt.date,
    version: int | None = None,
    request=None,
) -> Problem:
    """挂账: cannot be fixed now (funds, season, planning): a plan and a date to finish by."""
    p = _lock(problem_id, actor, version, Move.REQUEST_DEFERRAL)
    reason, plan = _require(reason, _("a reason")), _require(plan, _("a plan"))
    if target_date is None or target_date <= timezone.localdate():
        raise MoveError(_("The target date must be in the future."), "invalid")
    _open_request(
        p, actor, ProblemRequest.Kind.DEFERRAL, reason, plan=plan, target_date=target_date
    )
    p.pending = Pending.DEFERRAL
    _save(
        p,
        actor,
        EventKind.REQUEST_DEFERRAL,
        p.status,
        ["pending"],
        note=reason,
        request=request,
        data={"plan": plan, "target_date": target_date.isoformat()},
    )
    notices.request_made(p, Pending.DEFERRAL)
    return p


def _pending_request(p: Problem, kind: str) -> ProblemRequest:
    req = (
        ProblemRequest.objects.select_for_update()
        .filter(problem=p, kind=kind, decision=ProblemRequest.Decision.PENDING)
        .order_by("-requested_at")
        .first()
    )
    if req is None:
        raise MoveError(_("There is no pending request to decide."), "invalid")
    return req


@transaction.atomic
def decide_request(
    problem_id: int,
    *,
    actor,
    approve: bool,
    note: str = "",
    version: int | None = None,
    request=None,
) -> Problem:
    """The named approver decides the pending return, extension or deferral."""
    kind = _pending_kind(problem_id)
    moves_by_kind: dict[str, str] = {
        Pending.RETURN: Move.DECIDE_RETURN,
        Pending.EXTENSION: Move.DECIDE_EXTENSION,
        Pending.DEFERRAL: Move.DECIDE_DEFERRAL,
    }
    move = moves_by_kind[kind]
    p = _lock(problem_id, actor, version, move)
    req = _pending_request(p, kind)
    if not approve:
        note = _require(note, _("a reason for the refusal"))
    now = timezone.now()
    req.decision = ProblemRequest.Decision.APPROVED if approve else ProblemRequest.Decision.DENIED
    req.approver, req.decided_at, req.decision_note = actor, now, note
    req.save(update_fields=["decision", "approver", "decided_at", "decision_note"])
    from_status, fields = p.status, ["pending"]
    p.pending = Pending.NONE
    data: dict[str, Any] = {"request": kind, "approved": approve}
    if approve and kind == Pending.RETURN:
        data["returned_by"] = p.owner_unit.name if p.owner_unit else ""
        data["returned_unit_id"] = p.owner_unit_id
        p.status, p.owner_unit, p.due_at = Status.REGISTERED, None, None
        p.return_count += 1
        fields += ["status", "owner_unit", "due_at", "return_count"]
    elif approve and kind == Pending.EXTENSION:
        data["old_due_at"] = p.due_at.isoformat() if p.due_at else None
        p.due_at, p.overdue_at = req.new_due_at, None
        p.extension_count += 1
        fields += ["due_at", "extension_count", "overdue_at"]
        data["due_at"] = req.new_due_at.isoformat() if req.new_due_at else None
    elif approve and kind == Pending.DEFERRAL:
        p.status, p.deferred_until = Status.DEFERRED, req.target_date
        fields += ["status", "deferred_until"]
    event_kinds: dict[tuple[str, bool], str] = {
        (Pending.RETURN, True): EventKind.APPROVE_RETURN,
        (Pending.RETURN, False): EventKind.DENY_RETURN,
        (Pending.EXTENSION, True): EventKind.APPROVE_EXTENSION,
        (Pending.EXTENSION, False): EventKind.DENY_EXTENSION,
        (Pending.DEFERRAL, True): EventKind.APPROVE_DEFERRAL,
        (Pending.DEFERRAL, False): EventKind.DENY_DEFERRAL,
    }
    event_kind = event_kinds[(kind, approve)]
    _save(p, actor, event_kind, from_status, fields, note=note, data=data, request=request, now=now)
    notices.request_decided(p, req)
    return p


def _pending_kind(problem_id: int) -> str:
    kind = Problem.objects.filter(pk=problem_id).values_list("pending", flat=True).first()
    if not kind:
        raise MoveError(_("There is no pending request to decide."), "invalid")
    return kind


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
    problem_id: int, *, actor, note: str = "", version: int | None = None, request=None
) -> Problem:
    """核查销号: verified on the spot and struck off. On time when the unit reported back
    before its deadline (a verifier's delay is not the unit's)."""
    p = _lock(problem_id, actor, version, Move.CLOSE)
    now = timezone.now()
    p.status, p.closed_at = Status.CLOSED, now
    p.closed_on_time = bool(p.due_at and p.reported_back_at and p.reported_back_at <= p.due_at)
    _save(
        p,
        actor,
        EventKind.CLOSE,
        Status.REPORTED_BACK,
        ["status", "closed_at", "closed_on_time"],
        note=note,
        request=request,
        now=now,
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
    p.reported_back_at = p.verify_due_at = p.overdue_at = None
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
    if master.status in (Status.REJECTED,):
        raise MoveError(_("A rejected problem cannot be a master."), "invalid")
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
    return p


def _attach(photo_ids, problem: Problem, actor, purpose: str) -> list[str]:
    if not photo_ids:
        return []
    from django.core.exceptions import ValidationError

    from zhengzhi.files.services import attach_files

    try:
        files = attach_files(photo_ids, problem, user=actor, purpose=purpose)
    except ValidationError as exc:
        raise MoveError(exc.messages[0], "invalid") from None
    return [str(f.pk) for f in files]
