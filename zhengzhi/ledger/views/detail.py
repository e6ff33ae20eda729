"""The problem page: facts, timeline, map, photos, deadlines, and exactly the actions this user
may take now. An action that fails re-renders the page with the message and what was typed."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhengzhi.files.models import FileKind, StoredFile
from zhengzhi.ledger.elapsed import problem_elapsed
from zhengzhi.ledger.models import EventKind, Priority, Problem, Status
from zhengzhi.ledger.registry import detail_panels
from zhengzhi.ledger.scope import get_problem_for_user, visible_problems
from zhengzhi.ledger.selectors import DUE_SOON
from zhengzhi.ledger.services.errors import MoveError, StaleAction
from zhengzhi.ledger.services.permissions import allowed_moves
from zhengzhi.ledger.services.verification import distance_text
from zhengzhi.ledger.views.actions import ACTIONS, make_form, pending_request
from zhengzhi.ledger.views.common import map_settings, store_photos
from zhengzhi.org.scope import scope_for
from zhengzhi.workcal.calendar import WorkCalendar

DETAIL_RELATED = (
    "site",
    "category",
    "main_category",
    "grid",
    "community",
    "street",
    "owner_unit",
    "supporting_unit",
    "reported_by",
    "master",
)
STATUS_LABELS = dict(Status.choices)
# A problem of another unit, named without its number or a link the user could not follow.
OUTSIDE = gettext_lazy("another problem, outside what you see")


def _load(user, pk: int) -> Problem:
    return get_problem_for_user(user, pk, Problem.objects.select_related(*DETAIL_RELATED))


def _deadline_state(problem: Problem, now: dt.datetime) -> str:
    if problem.status not in (Status.DISPATCHED, Status.ACCEPTED) or not problem.due_at:
        return ""
    if problem.due_at < now:
        return "overdue"
    return "soon" if problem.due_at < now + DUE_SOON else ""


def _event_details(event, master_visible: bool = True) -> list[tuple[str, str]]:
    """The facts a timeline entry adds beyond its note, for people. Another unit's problem is
    named without its number (`master_visible` False): the user could not open it."""
    d, out = event.data or {}, []

    def when(value):
        try:
            return timezone.localtime(dt.datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
        except (TypeError, ValueError):
            return ""

    if event.kind == EventKind.DISPATCH:
        out += [(_("Owner unit"), d.get("owner", "")), (_("Deadline"), when(d.get("due_at")))]
    elif event.kind == EventKind.REQUEST_EXTENSION:
        out.append((_("New deadline asked"), when(d.get("new_due_at"))))
    elif event.kind == EventKind.REQUEST_DEFERRAL:
        out += [(_("Plan"), d.get("plan", "")), (_("Target date"), d.get("target_date", ""))]
    elif event.kind == EventKind.APPROVE_EXTENSION:
        out.append((_("New deadline"), when(d.get("due_at"))))
    elif event.kind == EventKind.APPROVE_RETURN:
        out.append((_("Returned by"), d.get("returned_by", "")))
    elif event.kind == EventKind.MERGE:
        out.append((_("Merged into"), d.get("master", "") if master_visible else OUTSIDE))
    elif event.kind == EventKind.CLOSE:
        out += _close_details(d)
    return [(label, value) for label, value in out if value]


def _close_details(d: dict) -> list[tuple[str, str]]:
    """What the verifier recorded on the spot: where they stood, the close standard."""
    out = []
    if d.get("stood"):
        where = distance_text(d.get("distance_m")) or _("position recorded")
        if d.get("accuracy_m") is not None:
            where += " " + _("(accurate to about %(m)s m)") % {"m": d["accuracy_m"]}
        out.append((_("Where the verifier stood"), where))
    elif "checked" in d:  # closed on the page or the API since positions are recorded
        out.append((_("Where the verifier stood"), _("not recorded")))
    if d.get("checked"):
        out.append((_("Close standard met"), "、".join(d["checked"])))
    if d.get("unchecked"):
        out.append(
            (
                _("Not ticked"),
                "{} ({})".format("、".join(d["unchecked"]), d.get("unchecked_reason", "")),
            )
        )
    return out


def _photos(problem: Problem) -> list[StoredFile]:
    return list(
        StoredFile.objects.filter(
            owner_type=ContentType.objects.get_for_model(Problem),
            owner_id=problem.pk,
            kind=FileKind.IMAGE,
        ).order_by("created_at")
    )


def _stages(problem: Problem, now: dt.datetime) -> list[dict]:
    out: list[dict] = []
    if problem.due_at is None:  # returned to the dispatcher, or never dispatched: no stages run
        return out
    for s in problem.stage_deadlines or []:
        try:
            due = dt.datetime.fromisoformat(s["due_at"])
        except (KeyError, TypeError, ValueError):
            continue
        out.append(
            {
                "name": s.get("name") or _("Deadline"),
                "due_at": due,
                "past": due < now,
                "extended": bool(s.get("extended")),
            }
        )
    return out


def _panels(request, problem: Problem, allowed: set[str]) -> dict[str, list[str]]:
    """The blocks higher apps draw on the page (ledger.registry.DetailPanel), rendered with
    their own context, by place: {"facts": [...], "main": [...]}."""
    out: dict[str, list[str]] = {}
    for panel in detail_panels():
        context = panel.context(request.user, problem, allowed)
        if context is not None:
            html = render_to_string(panel.template, context, request=request)
            out.setdefault(panel.where, []).append(html)
    return out


def render_detail(request, problem: Problem, *, bound=None, lost=None, status: int = 200):
    """`bound` = (move, form) of a refused action, shown open with what was typed; `lost` =
    what was typed for an action no longer possible, shown so that nothing is lost."""
    user, now = request.user, timezone.now()
    allowed = allowed_moves(user, problem)
    master_visible = bool(problem.master_id) and (
        visible_problems(user).filter(pk=problem.master_id).exists()
    )
    actions = []
    for move, action in ACTIONS.items():
        if move not in allowed:
            continue
        form = bound[1] if bound and bound[0] == move else make_form(action, problem, user)
        actions.append({"action": action, "form": form, "open": bool(bound and bound[0] == move)})
    photos = _photos(problem)
    by_id = {str(p.pk): p for p in photos}
    events = []
    for e in problem.events.select_related("actor", "actor_unit").order_by("at", "id"):
        events.append(
            {
                "event": e,
                "from": STATUS_LABELS.get(e.from_status, ""),
                "to": STATUS_LABELS.get(e.to_status, ""),
                "changed": e.from_status != e.to_status,
                "details": _event_details(e, master_visible),
                "photos": [by_id[i] for i in (e.data or {}).get("photos", []) if i in by_id],
            }
        )
    closing = next(
        (r["event"].data or {} for r in reversed(events) if r["event"].kind == EventKind.CLOSE),
        None,
    )
    verified_where = ""
    if problem.status == Status.CLOSED and closing is not None:
        verified_where = dict(_close_details(closing)).get(_("Where the verifier stood"), "")
    grid = problem.grid
    map_config = {
        **map_settings(),
        "point": [problem.lon, problem.lat] if problem.lon is not None else None,
        "grid": grid.geometry if grid else None,
        "gridName": grid.name if grid else "",
    }
    context = {
        "problem": problem,
        "master_visible": master_visible,
        "outside": OUTSIDE,
        "status_label": STATUS_LABELS.get(problem.status, problem.status),
        "priority_label": dict(Priority.choices).get(problem.priority, problem.priority),
        "deadline_state": _deadline_state(problem, now),
        "stages": _stages(problem, now),
        "elapsed": problem_elapsed(
            problem.status, problem.reported_at, problem.closed_at, now, WorkCalendar.cached()
        ),
        "events": events,
        "before": [p for p in photos if p.purpose not in ("after", "verify")],
        "after": [p for p in photos if p.purpose == "after"],
        "verify": [p for p in photos if p.purpose == "verify"],
        "verified_where": verified_where,
        # What "Record where I stand" says (ledger/verify.js fills in the numbers).
        "locate_labels": {
            "locating": _("Finding your location…"),
            "located": _("Position recorded, accurate to about %(m)s m."),
            "distance": _("%(d)s m from the problem’s point."),
            "unavailable": _("Your location is not available; you can still close."),
        },
        "pending": pending_request(problem),
        "requests": list(
            problem.requests.select_related("requested_by", "approver").order_by("-requested_at")
        ),
        "duplicates": list(
            visible_problems(user).filter(master=problem).only("id", "number", "status")[:50]
        ),
        "actions": actions,
        "lost": lost,
        "map_config": map_config,
        # What higher apps show here (public reports, citizens' ratings, ...).
        "panels": _panels(request, problem, allowed),
    }
    return render(request, "ledger/detail.html", context, status=status)


@login_required
def detail(request, pk: int):
    return render_detail(request, _load(request.user, pk))


def _typed(form) -> list[tuple[str, str]]:
    """The text a user typed into a form, to show it back when the action is gone."""
    out = []
    for name, bf in form.fields.items():
        if name in ("version", "decision"):
            continue
        value = form.data.get(name, "")
        if isinstance(value, str) and value.strip():
            out.append((str(bf.label or name), value))
    return out


@require_POST
@login_required
def act(request, pk: int, move: str):
    problem = _load(request.user, pk)  # another unit's problem: 404 before anything else
    action = ACTIONS.get(move)
    if action is None:
        raise Http404
    form = make_form(action, problem, request.user, request.POST, request.FILES)
    if request.POST.get("version", "") not in ("", str(problem.version)):
        return _stale(request, pk, move, form, StaleAction())
    if move not in allowed_moves(request.user, problem):
        # Shown plainly, with the typed text: there is no form to put it back into.
        messages.error(request, _("You may not do this to this problem now."))
        form.is_valid()
        return render_detail(request, problem, lost=_typed(form))
    valid = form.is_valid()
    photo_ids: list[str] = []
    if action.has_photos:
        unit = problem.owner_unit
        if unit is None or not scope_for(request.user).allows(unit.pk):
            unit = request.user.unit
        photo_ids, errors = store_photos(
            request, request.FILES.getlist("photos"), unit=unit, purpose=action.photo_purpose
        )
        form.kept_photos = photo_ids
        for error in errors:
            form.add_error("photos", error)
        valid = valid and not errors
    if not valid:
        return render_detail(request, problem, bound=(move, form))
    data = form.cleaned_data
    kw = {"actor": request.user, "version": data["version"], "request": request}
    if action.has_photos:
        kw["photo_ids"] = photo_ids
    try:
        problem = action.run(problem, data, **kw)
    except StaleAction as exc:
        return _stale(request, pk, move, form, exc)
    except MoveError as exc:
        form.add_error(None, exc.message)
        return render_detail(request, _load(request.user, pk), bound=(move, form))
    messages.success(
        request,
        _("%(action)s: done. %(number)s is now “%(status)s”.")
        % {
            "action": action.label,
            "number": problem.number,
            "status": STATUS_LABELS.get(problem.status, problem.status),
        },
    )
    return redirect("ledger:detail", pk=problem.pk)


def _stale(request, pk: int, move: str, form, exc: StaleAction):
    """Someone else moved first: show the problem as it is now, with the typed input kept in
    the same action if it is still possible, or shown back if it is not."""
    messages.error(request, exc.message)
    problem = _load(request.user, pk)
    if move in allowed_moves(request.user, problem):
        data = request.POST.copy()
        data["version"] = str(problem.version)
        fresh = make_form(ACTIONS[move], problem, request.user, data)
        fresh.is_valid()
        fresh.kept_photos = getattr(form, "kept_photos", [])
        return render_detail(request, problem, bound=(move, fresh), status=409)
    return render_detail(request, problem, lost=_typed(form), status=409)
