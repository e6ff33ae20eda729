"""Follow-up pages: the queue of problems awaiting a call, the call form, the satisfaction rate
per unit or category with its formula, and the drill-down to the rated problems."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhengzhi.core.roles import Role, role_required
from zhengzhi.ledger.indicators.periods import PeriodError, custom_period, resolve_period
from zhengzhi.ledger.models import Status
from zhengzhi.ledger.scope import get_problem_for_user
from zhengzhi.ledger.views.nav import RANKING_ROLES
from zhengzhi.org.models import TerritoryLevel, Unit
from zhengzhi.public.models import Rating
from zhengzhi.public.services.identity import can_see_reporters, reports_of
from zhengzhi.satisfaction import selectors
from zhengzhi.satisfaction.forms import CallForm, SatisfactionFilterForm
from zhengzhi.satisfaction.rates import FORMULA, TARGET
from zhengzhi.satisfaction.services import (
    CALLER_ROLES,
    FollowUpError,
    can_call,
    phone_for_call,
    record_call,
)
from zhengzhi.satisfaction.table import GROUPS, satisfaction_table

# The satisfaction figures are published like the ranking; the problems behind them are scoped.
VIEW_ROLES = (*RANKING_ROLES, Role.FOLLOWUP)
QUEUE_SIZE = 50
DRILL_SIZE = 100


def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


# --- the queue and the call ----------------------------------------------------------------


@role_required(*CALLER_ROLES)
def queue(request):
    qs = selectors.awaiting_calls(request.user)
    rows = list(qs[:QUEUE_SIZE])
    return render(
        request,
        "satisfaction/queue.html",
        {
            "rows": rows,
            "count": qs.count() if len(rows) == QUEUE_SIZE else len(rows),
            "recent": selectors.recent_calls(request.user),
            "window": selectors.WINDOW_DAYS,
            "attempts": selectors.MAX_ATTEMPTS,
        },
    )


def _reports(problem, user) -> list[dict]:
    """The reporters of the problem (and of duplicates merged into it), masked for the office;
    a caller outside the office's reporter roles sees only that there are reports."""
    office = can_see_reporters(user)
    out = []
    for r in reports_of(problem):
        label = r.tracking_code
        if office:
            label += f" {r.name_masked} {r.phone_masked}".rstrip()
        out.append({"pk": r.pk, "report": r, "label": label, "can_call": office and r.has_contact})
    return out


def _call_page(request, problem, form, reports, identity=None, status=200):
    return render(
        request,
        "satisfaction/call.html",
        {
            "problem": problem,
            "form": form,
            "reports": reports,
            "calls": selectors.calls_of(problem),
            "identity": identity,
            "can_call": can_call(request.user) and problem.status == Status.CLOSED,
        },
        status=status,
    )


def _closed_problem(request, pk):
    """The problem if the caller may see it (404 otherwise, whatever its state)."""
    return get_problem_for_user(request.user, pk)


@role_required(*CALLER_ROLES)
def call(request, pk):
    problem = _closed_problem(request, pk)
    reports = _reports(problem, request.user)
    seen = problem.followup_calls.count()
    if request.method != "POST":
        form = CallForm(reports=reports, initial={"calls_seen": seen})
        return _call_page(request, problem, form, reports)
    form = CallForm(request.POST, reports=reports)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_call(
                problem.pk,
                actor=request.user,
                reached=data["reached"] == "1",
                rating=data["rating"],
                comment=data["comment"],
                note=data["note"],
                report_id=data["report"] or None,
                calls_seen=data["calls_seen"],
                request=request,
            )
        except PermissionDenied:
            raise Http404 from None
        except FollowUpError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("The call on %(number)s is recorded.") % {"number": problem.number}
            )
            return redirect("satisfaction:queue")
    return _call_page(request, problem, form, reports, status=400)


@role_required(*CALLER_ROLES)
def reveal(request, pk, report_pk):
    """The reporter's name and phone for this call: POST only, audited with the reason."""
    if request.method != "POST":
        return redirect("satisfaction:call", pk=pk)
    problem = _closed_problem(request, pk)
    reports = _reports(problem, request.user)
    report = next((r["report"] for r in reports if r["pk"] == report_pk), None)
    if report is None:
        raise Http404
    try:
        identity = phone_for_call(report, actor=request.user, request=request)
    except (PermissionDenied, ValidationError):
        raise Http404 from None
    form = CallForm(
        reports=reports, initial={"calls_seen": problem.followup_calls.count(), "report": report.pk}
    )
    return _call_page(
        request, problem, form, reports, identity={"report": report, **vars(identity)}
    )


# --- the satisfaction rate -----------------------------------------------------------------


@role_required(*VIEW_ROLES)
def rates(request):
    form = SatisfactionFilterForm(request.GET or None)
    group = request.GET.get("group") or "community"
    if group not in GROUPS:
        group = "community"
    table, error, period = None, None, None
    try:
        period = resolve_period(
            request.GET.get("period"), request.GET.get("date_from"), request.GET.get("date_to")
        )
    except PeriodError as exc:
        error = exc.message
    if period is not None:
        table = satisfaction_table(period, group)
        for row in [*table.rows, table.total]:
            row["rate_text"] = percent(row["rate"])
    return render(
        request,
        "satisfaction/rates.html",
        {
            "form": form,
            "error": error,
            "table": table,
            "period": period,
            "group": group,
            "group_label": GROUPS[group][0],
            "formula": FORMULA,
            "target": percent(TARGET),
            "ratings": Rating.choices,
        },
    )


def _where(group: str, key: str) -> Q | None:
    """The problems of one row of the table (see table.GROUPS)."""
    if group not in GROUPS or not key.isdigit() or len(key) > 18:
        return None
    value = int(key)
    if group == "street":
        street = Unit.objects.filter(pk=value, level=TerritoryLevel.STREET).first()
        return Q(owner_unit__path__startswith=street.path) if street else Q(pk__in=[])
    return Q(**{GROUPS[group][1]: value})


@role_required(*VIEW_ROLES)
def problems(request):
    params = request.GET
    try:
        period = custom_period(params.get("date_from"), params.get("date_to"))
    except PeriodError as exc:
        return render(
            request, "satisfaction/problems.html", {"error": exc.message, "rows": []}, status=400
        )
    where = _where(params.get("group", ""), params.get("key", ""))
    rating = params.get("rating", "")
    if rating not in ("", "satisfied_any", *Rating.values):
        rating = ""
    qs = selectors.drill_down(request.user, period.start, period.end, rating=rating)
    if where is not None:
        qs = qs.filter(where)
    try:
        page = max(1, min(int(params.get("page", "1")), 10_000))
    except ValueError:
        page = 1
    rows = list(qs[(page - 1) * DRILL_SIZE : page * DRILL_SIZE + 1])
    more = len(rows) > DRILL_SIZE
    rows = rows[:DRILL_SIZE]
    query = params.copy()
    query["page"] = str(page + 1)
    return render(
        request,
        "satisfaction/problems.html",
        {
            "rows": rows,
            "period": period,
            "rating": dict(Rating.choices).get(rating, _("satisfied or basically satisfied"))
            if rating
            else "",
            "more_query": query.urlencode() if more else "",
            "page": page,
            "show_comments": can_see_reporters(request.user),
            "formula": FORMULA,
        },
    )
