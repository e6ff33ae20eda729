"""Returns, extensions and deferrals: asked by the unit, decided by a named approver."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.models import (
    EventKind,
    Pending,
    Problem,
    ProblemRequest,
    Status,
)
from zhengzhi.ledger.services import notices
from zhengzhi.ledger.services.base import _lock, _require, _save
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.permissions import Move


def extend_stages(stages: list[dict], new_due_at: dt.datetime) -> list[dict]:
    """An approved extension moves the last stage (the whole handling) to the new deadline;
    the earlier stages (fence off, repair...) keep theirs."""
    if not stages:
        return stages
    return [*stages[:-1], {**stages[-1], "due_at": new_due_at.isoformat(), "extended": True}]


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
    longest = settings.LEDGER_MAX_EXTENSION_DAYS
    if new_due_at > (p.due_at or timezone.now()) + dt.timedelta(days=longest):
        raise MoveError(
            _(
                "An extension may add at most %(days)d days; for longer, ask to defer the problem "
                "(挂账) with a plan."
            )
            % {"days": longest},
            "invalid",
        )
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
        # Back to the dispatcher: no owner, no deadline, no stages until it is dispatched again.
        p.status, p.owner_unit, p.due_at, p.stage_deadlines = Status.REGISTERED, None, None, []
        p.accepted_at = p.overdue_at = None
        p.return_count += 1
        fields += [
            "status",
            "owner_unit",
            "due_at",
            "stage_deadlines",
            "accepted_at",
            "overdue_at",
            "return_count",
        ]
    elif approve and kind == Pending.EXTENSION:
        data["old_due_at"] = p.due_at.isoformat() if p.due_at else None
        p.due_at, p.overdue_at = req.new_due_at, None
        if req.new_due_at is not None:  # always set for an extension (request_extension)
            p.stage_deadlines = extend_stages(p.stage_deadlines, req.new_due_at)
        p.extension_count += 1
        fields += ["due_at", "stage_deadlines", "extension_count", "overdue_at"]
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
