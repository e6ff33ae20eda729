"""What every move shares: locking the problem, refusing a stale or disallowed move, saving it
with its timeline event and audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import record
from zhengzhi.ledger.models import (
    Problem,
    ProblemEvent,
)
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.ledger.services.errors import MoveError, StaleAction
from zhengzhi.ledger.services.permissions import allowed_moves


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
