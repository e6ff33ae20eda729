"""Who may make which move now. Pages show exactly these actions; services enforce them."""

from __future__ import annotations

from zhengzhi.core.roles import Role
from zhengzhi.ledger.models import Pending, Problem, Status
from zhengzhi.org.scope import scope_for


class Move:
    REGISTER = "register"
    REJECT = "reject"
    DISPATCH = "dispatch"
    MERGE = "merge"
    ACCEPT = "accept"
    REQUEST_RETURN = "request_return"
    REQUEST_EXTENSION = "request_extension"
    REQUEST_DEFERRAL = "request_deferral"
    DECIDE_RETURN = "decide_return"
    DECIDE_EXTENSION = "decide_extension"
    DECIDE_DEFERRAL = "decide_deferral"
    REPORT_BACK = "report_back"
    CLOSE = "close"
    REWORK = "rework"
    REOPEN = "reopen"
    CORRECT = "correct"


def is_office(user) -> bool:
    unit = user.unit
    return bool(user.is_superuser or (unit is not None and unit.is_office))


def can_dispatch(user) -> bool:
    """受理派遣: the office's dispatchers and administrators."""
    return scope_for(user).can_write and user.has_role(Role.DISPATCHER, Role.OFFICE_ADMIN)


def can_approve(user, *, second_extension: bool = False) -> bool:
    """A return, an extension or a deferral needs a named approver: the dispatch shift leader
    or the office administrator; a second extension needs the office's leader (a unit leader
    of the office)."""
    if not is_office(user) or not scope_for(user).can_write:
        return False
    if second_extension:
        return user.has_role(Role.UNIT_LEADER)
    return user.has_role(Role.OFFICE_ADMIN, Role.SHIFT_LEADER, Role.UNIT_LEADER)


def can_handle(user, problem: Problem) -> bool:
    """The owner unit's handlers and leaders (or those of a unit above it) handle it."""
    scope = scope_for(user)
    return (
        scope.can_write
        and not is_office(user)
        and problem.owner_unit_id is not None
        and scope.allows(problem.owner_unit_id)
        and user.has_role(Role.HANDLER, Role.UNIT_LEADER)
    )


def can_verify(user) -> bool:
    return scope_for(user).can_write and user.has_role(Role.INSPECTOR, Role.OFFICE_ADMIN)


def allowed_moves(user, problem: Problem) -> set[str]:
    if problem.held:
        # Held by the office: only its release (services.held) dispatches it.
        return set()
    s, moves = problem.status, set()
    pending = problem.pending
    if can_dispatch(user):
        if s == Status.REPORTED:
            moves |= {Move.REGISTER, Move.REJECT, Move.MERGE, Move.CORRECT}
        if s == Status.REGISTERED:
            moves |= {Move.DISPATCH, Move.MERGE, Move.CORRECT}
    if pending == Pending.RETURN and can_approve(user):
        moves.add(Move.DECIDE_RETURN)
    if pending == Pending.DEFERRAL and can_approve(user):
        moves.add(Move.DECIDE_DEFERRAL)
    if pending == Pending.EXTENSION and can_approve(
        user, second_extension=problem.extension_count >= 1
    ):
        moves.add(Move.DECIDE_EXTENSION)
    if can_handle(user, problem) and not pending:
        if s == Status.DISPATCHED:
            moves |= {Move.ACCEPT, Move.REQUEST_RETURN, Move.REQUEST_EXTENSION}
        if s == Status.ACCEPTED:
            moves |= {
                Move.REPORT_BACK,
                Move.REQUEST_RETURN,
                Move.REQUEST_EXTENSION,
                Move.REQUEST_DEFERRAL,
            }
        if s == Status.DEFERRED:
            moves.add(Move.REPORT_BACK)
    if can_verify(user):
        if s == Status.REPORTED_BACK:
            moves |= {Move.CLOSE, Move.REWORK}
        if s == Status.CLOSED:
            moves.add(Move.REOPEN)
    return moves
