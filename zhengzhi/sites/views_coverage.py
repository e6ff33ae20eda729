"""Coverage (监管覆盖率) and the watch list's rule and proposals: parse, authorise, call a
service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.jobs.services import enqueue
from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.org.scope import scope_for
from zhengzhi.sites import registry
from zhengzhi.sites.models import SiteKind, WatchProposal
from zhengzhi.sites.scope import supervised_kind_ids
from zhengzhi.sites.services import coverage, watch
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.tasks import WATCH_JOB

PER_PAGE = 50


def _int(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else None


def _unit(user, value) -> Unit | None:
    """A territorial unit to drill into: one of the user's, or any for the office and the
    departments (who see their kinds across the county). Anything else is not found."""
    pk = _int(value)
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk, kind=UnitKind.TERRITORY).first()
    scope = scope_for(user)
    if unit is None or not (scope.all_units or pk in scope.unit_ids or supervised_kind_ids(user)):
        raise Http404
    return unit


def _kind(value) -> SiteKind | None:
    pk = _int(value)
    if pk is None:
        return None
    kind = SiteKind.objects.filter(pk=pk).first()
    if kind is None:
        raise Http404
    return kind


def _params(request):
    """(period or None, error, kind, unit, group) from the query string."""
    get = request.GET
    group = "kind" if get.get("group") == "kind" else "unit"
    kind, unit = _kind(get.get("kind")), _unit(request.user, get.get("unit"))
    try:
        period = coverage.resolve_period(
            get.get("period"), get.get("date_from"), get.get("date_to")
        )
    except SiteError as exc:
        return None, exc.message, kind, unit, group
    return period, "", kind, unit, group


def _query(period, **extra) -> str:
    values = {"period": period.key}
    if period.key == "custom":
        values.update(date_from=period.first.isoformat(), date_to=period.last.isoformat())
    values.update({k: v for k, v in extra.items() if v not in (None, "")})
    return urlencode(values)


def _site_url(pk: int) -> str:
    """The site's page (the registry's pages), where it exists."""
    try:
        return reverse("sites:site", args=[pk])
    except NoReverseMatch:
        return ""


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _breadcrumbs(user, unit: Unit | None) -> list[Unit]:
    if unit is None:
        return []
    scope = scope_for(user)
    chain = [u for u in Unit.objects.get_ancestors(unit) if u.kind == UnitKind.TERRITORY]
    return [u for u in chain if scope.all_units or u.pk in scope.unit_ids] + [unit]


@login_required
def coverage_page(request):
    period, error, kind, unit, group = _params(request)
    table = None
    if period is not None:
        table = coverage.coverage_table(request.user, period, group=group, kind=kind, parent=unit)
        for row in [*table.rows, table.total]:
            row.rate_text = _percent(row.rate)
            row_unit = row.unit_id or (unit.pk if unit else None)
            row_kind = row.kind_id or (kind.pk if kind else None)
            row.sites_query = _query(period, unit=row_unit, kind=row_kind)
            if row.drill:
                row.drill_query = _query(period, unit=row.unit_id, kind=kind.pk if kind else None)
        table.total.sites_query = _query(
            period, unit=unit.pk if unit else None, kind=kind.pk if kind else None
        )
    return render(
        request,
        "sites/coverage/table.html",
        {
            "table": table,
            "period": period,
            "error": error,
            "periods": coverage.PERIODS.items(),
            "get": request.GET,
            "kinds": SiteKind.objects.filter(is_active=True),
            "kind": kind,
            "unit": unit,
            "group": group,
            "crumbs": _breadcrumbs(request.user, unit),
            "export_query": request.GET.urlencode(),
            "kind_query": _query(period, group="kind", unit=unit.pk if unit else None)
            if period
            else "",
            "unit_query": _query(period, kind=kind.pk if kind else None) if period else "",
            "sources": [str(s.label) for s in registry.contact_sources()],
        },
    )


@login_required
def never_contacted(request):
    period, error, kind, unit, _group = _params(request)
    page = None
    if period is not None:
        qs = (
            coverage.never_contacted(request.user, period, kind=kind, unit=unit)
            .select_related("kind", "owner_unit")
            .order_by("owner_unit__path", "code")
        )
        page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
        for site in page:
            site.url = _site_url(site.pk)
    return render(
        request,
        "sites/coverage/sites.html",
        {
            "page": page,
            "period": period,
            "error": error,
            "kind": kind,
            "unit": unit,
            "back_query": _query(period, kind=kind.pk if kind else None) if period else "",
            "page_query": _query(
                period, kind=kind.pk if kind else None, unit=unit.pk if unit else None
            )
            if period
            else "",
        },
    )


@login_required
def coverage_export(request):
    from zhengzhi.sites.coverage_xlsx import table_xlsx

    period, error, kind, unit, group = _params(request)
    if period is None:
        raise Http404
    table = coverage.coverage_table(request.user, period, group=group, kind=kind, parent=unit)
    data = table_xlsx(table, kind=kind, unit=unit)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"coverage-{period.first:%Y%m%d}-{period.last:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _office(request):
    if not request.user.is_authenticated or not watch.can_manage_watch(request.user):
        raise Http404


@login_required
def watch_rule(request):
    _office(request)
    rule = watch.get_rule()
    sources = registry.offence_sources()
    values = {
        "period_days": str(rule.period_days),
        "min_count": str(rule.min_count),
        "sources": list(rule.sources),
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {
            "period_days": request.POST.get("period_days", "").strip(),
            "min_count": request.POST.get("min_count", "").strip(),
            "sources": request.POST.getlist("sources"),
        }
        period_days, min_count = _int(values["period_days"]), _int(values["min_count"])
        if period_days is None:
            errors["period_days"] = _("Give the period as a whole number of days.")
        if min_count is None:
            errors["min_count"] = _("Give the minimum as a whole number.")
        if not errors:
            try:
                watch.update_rule(
                    request.user,
                    period_days=period_days,
                    min_count=min_count,
                    sources=values["sources"],
                    request=request,
                )
            except SiteError as exc:
                errors[exc.code if exc.code in values else "general"] = exc.message
            else:
                messages.success(request, _("The watch-list rule is saved."))
                return redirect("sites:watch_rule")
    return render(
        request,
        "sites/coverage/watch_rule.html",
        {"values": values, "errors": errors, "sources": sources, "rule": rule},
        status=400 if errors else 200,
    )


@login_required
def watch_proposals(request):
    _office(request)
    pending = (
        WatchProposal.objects.filter(decision=WatchProposal.Decision.PENDING)
        .select_related("site", "site__kind", "site__owner_unit")
        .order_by("-count", "-proposed_at")
    )
    decided = (
        WatchProposal.objects.exclude(decision=WatchProposal.Decision.PENDING)
        .select_related("site", "decided_by")
        .order_by("-decided_at")[:20]
    )
    rows = list(pending[:200])
    for p in rows:
        p.reason = watch.reason_text(p.count, p.period_days)
    return render(
        request,
        "sites/coverage/proposals.html",
        {
            "pending": rows,
            "pending_count": pending.count(),
            "decided": decided,
            "rule": watch.get_rule(),
        },
    )


@require_POST
@login_required
def watch_decide(request, pk: int):
    _office(request)
    action = request.POST.get("action")
    try:
        if action == "confirm":
            proposal = watch.confirm(request.user, pk, request=request)
            messages.success(
                request, _("%(site)s is on the watch list.") % {"site": proposal.site.name}
            )
        elif action == "dismiss":
            proposal = watch.dismiss(request.user, pk, request=request)
            messages.success(
                request, _("The proposal for %(site)s is dismissed.") % {"site": proposal.site.name}
            )
        else:
            messages.error(request, _("Choose confirm or dismiss."))
    except SiteError as exc:
        messages.error(request, exc.message)
    return redirect("sites:watch_proposals")


@require_POST
@login_required
def watch_run(request):
    _office(request)
    minute = f"{timezone.now():%Y%m%d%H%M}"
    enqueue(WATCH_JOB, dedupe_key=f"{WATCH_JOB}:button:{minute}", created_by=request.user)
    messages.success(
        request, _("The rule is being applied; new proposals appear here in a moment.")
    )
    return redirect(reverse("sites:watch_proposals"))
