"""Register and dispatch many similar problems in one step (批量立案派遣).

Each problem goes through the same services as the single actions (`moves.register`, then
`moves.dispatch`): the same rules, the same timeline events, audit rows and notices, one per
problem. Each problem is its own transaction: registered and dispatched, or left as it was. One
that is refused (another dispatcher moved it first, it was merged, the unit is inactive) is named
by its number with the reason, and does not hold up the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.models import Problem, Status
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.permissions import can_dispatch
from zhengzhi.org.models import Unit

BATCH_MAX = 100


@dataclass
class BatchResult:
    done: list[Problem] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (number or id, reason)


def register_and_dispatch(
    problem_ids: list[int],
    *,
    actor,
    owner_unit: Unit,
    versions: dict[int, int] | None = None,
    note: str = "",
    request=None,
) -> BatchResult:
    """Registers (when still awaiting registration) and dispatches each problem to
    `owner_unit`. `versions` {id: version seen} refuses a problem that moved since the list was
    shown. Raises MoveError only when nothing can be tried (no right, no problems, too many)."""
    if not can_dispatch(actor):
        raise MoveError(_("You may not do this to this problem now."), "not_allowed")
    ids = list(dict.fromkeys(problem_ids))
    if not ids:
        raise MoveError(_("Choose at least one problem."), "invalid")
    if len(ids) > BATCH_MAX:
        raise MoveError(
            _("At most %(n)d problems at a time, please.") % {"n": BATCH_MAX}, "invalid"
        )
    numbers = dict(visible_problems(actor).filter(pk__in=ids).values_list("pk", "number"))
    versions = versions or {}
    result = BatchResult()
    for pk in ids:
        number = numbers.get(pk)
        if number is None:
            result.failed.append((str(pk), str(_("There is no such problem."))))
            continue
        try:
            with transaction.atomic():
                result.done.append(_one(pk, actor, owner_unit, versions.get(pk), note, request))
        except MoveError as exc:
            result.failed.append((number, str(exc.message)))
    return result


def _one(pk: int, actor, owner_unit: Unit, version, note: str, request) -> Problem:
    status = Problem.objects.filter(pk=pk).values_list("status", flat=True).first()
    if status == Status.REPORTED:
        problem = moves.register(pk, actor=actor, version=version, note=note, request=request)
        version = problem.version
    return moves.dispatch(
        pk, actor=actor, owner_unit=owner_unit, version=version, note=note, request=request
    )
