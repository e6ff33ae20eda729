"""The moves of the closed loop, one row each. The API's endpoints (POST /problems/{id}/{move},
documented with the row's body and summary) and the problem page's actions (the row's form,
label and look) are both made from this table, so that adding a move is adding a row.

Who may make a move, and when, is `services.permissions.allowed_moves`, keyed by the row's
`move`; the page shows exactly those, and the row's service checks again under a lock, against
the version of the problem the caller saw. A new move also needs its place there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema

from zhengzhi.ledger import forms as f
from zhengzhi.ledger import schemas as s
from zhengzhi.ledger.models import Category, EventKind, Pending, Problem
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.ledger.services import corrections, moves
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.intake import place
from zhengzhi.ledger.services.permissions import Move
from zhengzhi.org.models import Unit, UnitKind


@dataclass(frozen=True, kw_only=True)
class MoveSpec:
    move: str  # the URL's last part, the page's form, the key of allowed_moves (permission)
    service: Callable[..., Problem]  # (problem_id, actor=, version=, request=, **its args)
    label: Any  # the page's button and the success message
    summary: str  # the API's summary
    body: type[Schema]  # the API's request body
    form: type[f.MoveForm]  # the page's form
    # The args passed to the service as they are, from the body and the form alike.
    fields: tuple[str, ...] = ()
    # Instead of `fields`: the body's args (may raise MoveError: 422, before anything moves)...
    from_body: Callable[[Any], dict] | None = None
    # ... and the form's: (problem, cleaned data, actor) -> args.
    from_form: Callable[[Problem, dict, Any], dict] | None = None
    # A decision: the pending request its endpoint decides (approving a return never approves
    # an extension asked for meanwhile).
    decides: str = ""
    primary: bool = False  # the loop's main road: shown open; detours are folded
    style: str = ""  # "danger" for refusals, "secondary" for detours
    help: Any = ""
    has_photos: bool = False  # the page's form uploads photos; the view passes their ids
    photo_purpose: str = "after"  # what the photos are on the problem ("verify": the verifier's)
    form_kwargs: Callable[[Problem], dict] = field(default=lambda problem: {})
    initial: Callable[[Problem], dict] = field(default=lambda problem: {})

    def body_args(self, body) -> dict:
        if self.from_body is not None:
            return self.from_body(body)
        return {name: getattr(body, name) for name in self.fields}

    def run(self, problem: Problem, data: dict, **kw) -> Problem:
        """The page's call: the form's cleaned data, with actor, version and request in `kw`."""
        if self.from_form is not None:
            args = self.from_form(problem, data, kw["actor"])
        else:
            args = {name: data[name] for name in self.fields}
        return self.service(problem.pk, **args, **kw)


# ---- the choices the page's dispatch form offers --------------------------------------------


def owner_units(problem: Problem) -> QuerySet[Unit]:
    """The territorial units of the problem's district (以块为主) and every department; a
    dispatcher who needs a unit elsewhere first corrects the point."""
    territory = Q(kind=UnitKind.TERRITORY, is_active=True)
    if problem.street_id and problem.street.depth > 1:
        territory &= Q(path__startswith=problem.street.path[: -Unit.steplen])
    wanted = territory | Q(kind=UnitKind.DEPARTMENT, is_active=True)
    if problem.owner_unit_id:
        wanted |= Q(pk=problem.owner_unit_id)
    return Unit.objects.filter(wanted).order_by("-kind", "path")


def departments(problem: Problem) -> QuerySet[Unit]:
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


# ---- the args of the moves that are more than their fields ----------------------------------


def _unit(unit_id: int | None, name: str) -> Unit | None:
    if unit_id is None:
        return None
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise MoveError(
            _("There is no unit %(id)d (%(field)s).") % {"id": unit_id, "field": name}, "invalid"
        )
    return unit


def _dispatch_body(body) -> dict:
    return {
        "note": body.note,
        "owner_unit": _unit(body.owner_unit_id, "owner_unit_id"),
        # Left out: the department stays; given as null: the problem has none.
        "supporting_unit": (
            _unit(body.supporting_unit_id, "supporting_unit_id")
            if "supporting_unit_id" in body.model_fields_set
            else moves.KEEP
        ),
    }


def _dispatch_form(problem: Problem, data: dict, actor) -> dict:
    return {
        "owner_unit": data["owner_unit"],
        "supporting_unit": data.get("supporting_unit"),
        "note": data.get("note", ""),
    }


def _correct_body(body) -> dict:
    category = None
    if body.category is not None:
        category = Category.objects.filter(code=body.category, parent__isnull=False).first()
        if category is None:
            raise MoveError(_("There is no such sub-category."), "invalid")
    fields = ("note", "description", "address", "lon", "lat")
    return {"category": category, **{name: getattr(body, name) for name in fields}}


def _correct_form(problem: Problem, data: dict, actor) -> dict:
    return {
        "category": data["category"],
        "description": data["description"],
        "address": data.get("address", ""),
        "lon": data.get("lon"),
        "lat": data.get("lat"),
        "note": data.get("note", ""),
    }


def _merge_form(problem: Problem, data: dict, actor) -> dict:
    number = data["master"].strip()
    master = visible_problems(actor).filter(number=number).values_list("pk", flat=True).first()
    if master is None:
        raise MoveError(
            _("There is no problem numbered %(number)s that you can see.") % {"number": number},
            "invalid",
        )
    return {"master_id": master}


def _extension_body(body) -> dict:
    new_due_at = body.new_due_at
    if timezone.is_naive(new_due_at):
        new_due_at = timezone.make_aware(new_due_at)
    return {"reason": body.reason, "new_due_at": new_due_at}


def _report_back_body(body) -> dict:
    return {"note": body.note, "photo_ids": [str(i) for i in body.photo_ids]}


CLOSE_FIELDS = (
    "note",
    "checked",
    "unchecked_reason",
    "stood_lon",
    "stood_lat",
    "stood_accuracy",
)


def _close_body(body) -> dict:
    return {
        **{name: getattr(body, name) for name in CLOSE_FIELDS},
        "photo_ids": [str(i) for i in body.photo_ids],
    }


def _close_form(problem: Problem, data: dict, actor) -> dict:
    """A category without close standard items has no boxes to tick on the page."""
    out = {name: data.get(name) for name in CLOSE_FIELDS}
    out["checked"] = list(out["checked"] or [])
    out["note"], out["unchecked_reason"] = out["note"] or "", out["unchecked_reason"] or ""
    return out


def _decision(move: str, pending: str, label, summary: str) -> MoveSpec:
    return MoveSpec(
        move=move,
        service=moves.decide_request,
        label=label,
        summary=summary,
        body=s.DecideIn,
        form=f.DecideForm,
        from_body=lambda body: {"approve": body.approve, "note": body.note},
        from_form=lambda problem, data, actor: {
            "approve": data["decision"] == "approve",
            "note": data.get("note", ""),
        },
        decides=pending,
        primary=True,
    )


# ---- the table, in the order the problem page shows the actions ------------------------------

MOVES: dict[str, MoveSpec] = {
    spec.move: spec
    for spec in (
        MoveSpec(
            move=Move.REGISTER,
            service=moves.register,
            label=gettext_lazy("Register"),
            summary="Register (立案)",
            body=s.MoveIn,
            form=f.NoteForm,
            fields=("note",),
            primary=True,
        ),
        MoveSpec(
            move=Move.DISPATCH,
            service=moves.dispatch,
            label=gettext_lazy("Dispatch"),
            summary="Dispatch to the owner unit (派遣); default owner: the unit of the place",
            body=s.DispatchIn,
            form=f.DispatchForm,
            from_body=_dispatch_body,
            from_form=_dispatch_form,
            primary=True,
            form_kwargs=lambda p: {"owners": owner_units(p), "departments": departments(p)},
            initial=lambda p: {
                "owner_unit": suggested_owner(p),
                "supporting_unit": p.supporting_unit_id or p.category.department_id,
            },
        ),
        MoveSpec(
            move=Move.REJECT,
            service=moves.reject,
            label=gettext_lazy("Do not register"),
            summary="Do not register (不予立案)",
            body=s.RejectIn,
            form=f.ReasonForm,
            fields=("reason",),
            style="danger",
            help=gettext_lazy("Not a problem for the ledger: say why; the reporter is told."),
        ),
        MoveSpec(
            move=Move.MERGE,
            service=moves.merge,
            label=gettext_lazy("Merge into another problem"),
            summary="Merge a duplicate into its master problem",
            body=s.MergeIn,
            form=f.MergeForm,
            fields=("master_id",),
            from_form=_merge_form,
            style="secondary",
            help=gettext_lazy("A duplicate follows its master problem and closes with it."),
        ),
        MoveSpec(
            move=Move.CORRECT,
            service=corrections.correct,
            label=gettext_lazy("Correct what was recorded"),
            summary="Correct category, place, description or address before dispatch",
            body=s.CorrectIn,
            form=f.CorrectForm,
            from_body=_correct_body,
            from_form=_correct_form,
            style="secondary",
            help=gettext_lazy(
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
        _decision(
            Move.DECIDE_RETURN,
            Pending.RETURN,
            gettext_lazy("Decide the return request"),
            "Approve or deny the unit's return (a denial needs a note)",
        ),
        _decision(
            Move.DECIDE_EXTENSION,
            Pending.EXTENSION,
            gettext_lazy("Decide the extension request"),
            "Approve or deny the extension (a second one: the office's leader)",
        ),
        _decision(
            Move.DECIDE_DEFERRAL,
            Pending.DEFERRAL,
            gettext_lazy("Decide the deferral request"),
            "Approve or deny the deferral",
        ),
        MoveSpec(
            move=Move.ACCEPT,
            service=moves.accept,
            label=gettext_lazy("Accept"),
            summary="Accept (签收)",
            body=s.MoveIn,
            form=f.NoteForm,
            fields=("note",),
            primary=True,
        ),
        MoveSpec(
            move=Move.REPORT_BACK,
            service=moves.report_back,
            label=gettext_lazy("Report back"),
            summary="Report back what was done, with evidence photo ids (反馈)",
            body=s.ReportBackIn,
            form=f.ReportBackForm,
            fields=("note",),  # the page's photos: stored by the view, their ids passed on
            from_body=_report_back_body,
            primary=True,
            has_photos=True,
            help=gettext_lazy("What was done, with photos after the rectification (up to 6)."),
        ),
        MoveSpec(
            move=Move.REQUEST_RETURN,
            service=moves.request_return,
            label=gettext_lazy("Request a return"),
            summary="Ask to return it as not your unit's (退回申请)",
            body=s.ReasonIn,
            form=f.ReasonForm,
            fields=("reason",),
            style="secondary",
            help=gettext_lazy(
                "Not your unit's problem: the dispatcher decides and routes it again."
            ),
        ),
        MoveSpec(
            move=Move.REQUEST_EXTENSION,
            service=moves.request_extension,
            label=gettext_lazy("Request an extension"),
            summary="Ask for a later deadline (延期申请)",
            body=s.ExtensionIn,
            form=f.ExtensionForm,
            fields=("reason", "new_due_at"),
            from_body=_extension_body,
            style="secondary",
        ),
        MoveSpec(
            move=Move.REQUEST_DEFERRAL,
            service=moves.request_deferral,
            label=gettext_lazy("Request a deferral"),
            summary="Ask to defer it with a plan and a target date (挂账申请)",
            body=s.DeferralIn,
            form=f.DeferralForm,
            fields=("reason", "plan", "target_date"),
            style="secondary",
            help=gettext_lazy("Cannot be fixed now (funds, season, planning): a plan and a date."),
        ),
        MoveSpec(
            move=Move.CLOSE,
            service=moves.close,
            label=gettext_lazy("Verify and close"),
            summary="Verify on the spot and close (核查销号): close standard, photos, position",
            body=s.CloseIn,
            form=f.CloseForm,
            fields=CLOSE_FIELDS,  # the page's photos: stored by the view, their ids passed on
            from_body=_close_body,
            from_form=_close_form,
            primary=True,
            has_photos=True,
            photo_purpose="verify",
            help=gettext_lazy(
                "On the spot: tick the close standard, take photos, record where you stand."
            ),
        ),
        MoveSpec(
            move=Move.REWORK,
            service=moves.rework,
            label=gettext_lazy("Send back for rework"),
            summary="Send back for rework (返工)",
            body=s.NoteRequiredIn,
            form=f.RequiredNoteForm,
            fields=("note",),
            style="danger",
        ),
        MoveSpec(
            move=Move.REOPEN,
            service=moves.reopen,
            label=gettext_lazy("Reopen as a recurrence"),
            summary="Reopen a closed problem as a recurrence (反弹)",
            body=s.NoteRequiredIn,
            form=f.RequiredNoteForm,
            fields=("note",),
            style="secondary",
        ),
    )
}
