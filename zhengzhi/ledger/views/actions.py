"""The actions on the problem page: one form per move, and the call of its service.

Which actions show is decided by `allowed_moves` alone; the services check again, under a lock,
against the version of the problem the user saw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger import forms as f
from zhengzhi.ledger.models import EventKind, Problem, ProblemRequest
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.ledger.services import corrections, moves
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.intake import place
from zhengzhi.ledger.services.permissions import Move
from zhengzhi.org.models import Unit, UnitKind


@dataclass(frozen=True)
class Action:
    move: str
    label: Any
    form: type[f.MoveForm]
    run: Callable[..., Problem]
    primary: bool = False  # the loop's main road: shown open; detours are folded
    style: str = ""  # "danger" for refusals, "secondary" for detours
    help: Any = ""
    has_photos: bool = False
    form_kwargs: Callable[[Problem], dict] = field(default=lambda problem: {})
    initial: Callable[[Problem], dict] = field(default=lambda problem: {})


def _owner_units(problem: Problem) -> QuerySet[Unit]:
    """The territorial units of the problem's district (以块为主) and every department; a
    dispatcher who needs a unit elsewhere first corrects the point."""
    territory = Q(kind=UnitKind.TERRITORY, is_active=True)
    if problem.street_id and problem.street.depth > 1:
        territory &= Q(path__startswith=problem.street.path[: -Unit.steplen])
    wanted = territory | Q(kind=UnitKind.DEPARTMENT, is_active=True)
    if problem.owner_unit_id:
        wanted |= Q(pk=problem.owner_unit_id)
    return Unit.objects.filter(wanted).order_by("-kind", "path")


def _departments(problem: Problem) -> QuerySet[Unit]:
    return Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True).order_by("path")


def suggested_owner(problem: Problem) -> int | None:
    """The current owner, or the territorial unit of the problem's point, unless that unit has
    already returned it as not theirs: then the dispatcher chooses (no suggestion)."""
    if problem.owner_unit_id:
        return problem.owner_unit_id
    try:
        routed = place(problem.lon, problem.lat).owner_unit_id
    except MoveError:
        return None
    if routed is None or problem.return_count == 0:
        return routed
    returned = problem.events.filter(kind=EventKind.APPROVE_RETURN).values_list("data", flat=True)
    if any((data or {}).get("returned_unit_id") == routed for data in returned):
        return None
    return routed


def _dispatch(problem: Problem, data: dict, **kw) -> Problem:
    return moves.dispatch(
        problem.pk,
        owner_unit=data["owner_unit"],
        supporting_unit=data.get("supporting_unit"),
        note=data.get("note", ""),
        **kw,
    )


def _merge(problem: Problem, data: dict, *, actor, **kw) -> Problem:
    number = data["master"].strip()
    master = visible_problems(actor).filter(number=number).values_list("pk", flat=True).first()
    if master is None:
        raise MoveError(
            _("There is no problem numbered %(number)s that you can see.") % {"number": number},
            "invalid",
        )
    return moves.merge(problem.pk, master_id=master, actor=actor, **kw)


def _correct(problem: Problem, data: dict, **kw) -> Problem:
    return corrections.correct(
        problem.pk,
        category=data["category"],
        description=data["description"],
        address=data.get("address", ""),
        lon=data.get("lon"),
        lat=data.get("lat"),
        note=data.get("note", ""),
        **kw,
    )


def _decide(problem: Problem, data: dict, **kw) -> Problem:
    return moves.decide_request(
        problem.pk, approve=data["decision"] == "approve", note=data.get("note", ""), **kw
    )


def _report_back(problem: Problem, data: dict, *, photo_ids=None, **kw) -> Problem:
    return moves.report_back(problem.pk, note=data["note"], photo_ids=photo_ids, **kw)


def _decide_action(move: str, label) -> Action:
    return Action(move, label, f.DecideForm, _decide, primary=True)


ACTIONS: dict[str, Action] = {
    a.move: a
    for a in (
        Action(
            Move.REGISTER,
            _("Register"),
            f.NoteForm,
            lambda p, d, **kw: moves.register(p.pk, note=d.get("note", ""), **kw),
            primary=True,
        ),
        Action(
            Move.DISPATCH,
            _("Dispatch"),
            f.DispatchForm,
            _dispatch,
            primary=True,
            form_kwargs=lambda p: {"owners": _owner_units(p), "departments": _departments(p)},
            initial=lambda p: {
                "owner_unit": suggested_owner(p),
                "supporting_unit": p.supporting_unit_id or p.category.department_id,
            },
        ),
        Action(
            Move.REJECT,
            _("Do not register"),
            f.ReasonForm,
            lambda p, d, **kw: moves.reject(p.pk, reason=d["reason"], **kw),
            style="danger",
            help=_("Not a problem for the ledger: say why; the reporter is told."),
        ),
        Action(
            Move.MERGE,
            _("Merge into another problem"),
            f.MergeForm,
            _merge,
            style="secondary",
            help=_("A duplicate follows its master problem and closes with it."),
        ),
        Action(
            Move.CORRECT,
            _("Correct what was recorded"),
            f.CorrectForm,
            _correct,
            style="secondary",
            help=_(
                "Category, place or description recorded wrongly: correct them before "
                "dispatching (the category sets the deadline and the department; the point sets "
                "the grid and the owner)."
            ),
            initial=lambda p: {
                "category": p.category.code,
                "description": p.description,
                "address": p.address,
                "lon": p.lon,
                "lat": p.lat,
            },
        ),
        _decide_action(Move.DECIDE_RETURN, _("Decide the return request")),
        _decide_action(Move.DECIDE_EXTENSION, _("Decide the extension request")),
        _decide_action(Move.DECIDE_DEFERRAL, _("Decide the deferral request")),
        Action(
            Move.ACCEPT,
            _("Accept"),
            f.NoteForm,
            lambda p, d, **kw: moves.accept(p.pk, note=d.get("note", ""), **kw),
            primary=True,
        ),
        Action(
            Move.REPORT_BACK,
            _("Report back"),
            f.ReportBackForm,
            _report_back,
            primary=True,
            has_photos=True,
            help=_("What was done, with photos after the rectification (up to 6)."),
        ),
        Action(
            Move.REQUEST_RETURN,
            _("Request a return"),
            f.ReasonForm,
            lambda p, d, **kw: moves.request_return(p.pk, reason=d["reason"], **kw),
            style="secondary",
            help=_("Not your unit's problem: the dispatcher decides and routes it again."),
        ),
        Action(
            Move.REQUEST_EXTENSION,
            _("Request an extension"),
            f.ExtensionForm,
            lambda p, d, **kw: moves.request_extension(
                p.pk, reason=d["reason"], new_due_at=d["new_due_at"], **kw
            ),
            style="secondary",
        ),
        Action(
            Move.REQUEST_DEFERRAL,
            _("Request a deferral"),
            f.DeferralForm,
            lambda p, d, **kw: moves.request_deferral(
                p.pk, reason=d["reason"], plan=d["plan"], target_date=d["target_date"], **kw
            ),
            style="secondary",
            help=_("Cannot be fixed now (funds, season, planning): a plan and a date."),
        ),
        Action(
            Move.CLOSE,
            _("Verify and close"),
            f.NoteForm,
            lambda p, d, **kw: moves.close(p.pk, note=d.get("note", ""), **kw),
            primary=True,
        ),
        Action(
            Move.REWORK,
            _("Send back for rework"),
            f.RequiredNoteForm,
            lambda p, d, **kw: moves.rework(p.pk, note=d["note"], **kw),
            style="danger",
        ),
        Action(
            Move.REOPEN,
            _("Reopen as a recurrence"),
            f.RequiredNoteForm,
            lambda p, d, **kw: moves.reopen(p.pk, note=d["note"], **kw),
            style="secondary",
        ),
    )
}


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
