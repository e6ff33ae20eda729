"""The actions on the problem page: one per move of the table (ledger.move_table), whose row
gives its form, label and look, and the call of its service.

Which actions show is decided by `allowed_moves` alone; the services check again, under a lock,
against the version of the problem the user saw.
"""

from __future__ import annotations

from zhengzhi.ledger import forms as f
from zhengzhi.ledger.models import Problem, ProblemRequest
from zhengzhi.ledger.move_table import MOVES, MoveSpec

# The page's actions are the table's rows, in its order.
Action = MoveSpec
ACTIONS: dict[str, Action] = MOVES


def make_form(action: Action, problem: Problem, user, data=None, files=None) -> f.MoveForm:
    initial = {"version": problem.version, **action.initial(problem)}
    return action.form(
        data,
        files,
        initial=initial,
        problem=problem,
        user=user,
        **action.form_kwargs(problem),
    )


def pending_request(problem: Problem) -> ProblemRequest | None:
    if not problem.pending:
        return None
    return (
        problem.requests.filter(kind=problem.pending, decision=ProblemRequest.Decision.PENDING)
        .select_related("requested_by")
        .order_by("-requested_at")
        .first()
    )
