"""Operations, destruction batches and the statistics tables (page and exports)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.cases.export_kind import EXPORT_JOB, FORMATS
from zhengzhi.cases.forms import (
    DestructionForm,
    FiguresForm,
    OperationForm,
    TablesForm,
    ThresholdForm,
)
from zhengzhi.cases.models import DestructionBatch, Operation
from zhengzhi.cases.scope import can_file, is_office, may_read_cases
from zhengzhi.cases.services.errors import CaseError
from zhengzhi.cases.services.records import (
    record_destruction,
    save_operation,
    save_year_figures,
    update_settings,
)
from zhengzhi.cases.tables import Scope, breakdown, yearly
from zhengzhi.cases.views.common import refused
from zhengzhi.jobs.views import export_now
from zhengzhi.org.scope import scope_for


@login_required
def operations(request):
    user = request.user
    if not may_read_cases(user):
        raise Http404
    form = OperationForm(request.POST or None)
    if request.method == "POST":
        if not can_file(user):
            raise Http404
        if form.is_valid():
            try:
                op = save_operation(user, request=request, **form.cleaned_data)
            except CaseError as exc:
                refused(request, exc, form)
            else:
                messages.success(request, _("Operation %(name)s recorded.") % {"name": op.name})
                return redirect("cases:operations")
    rows = scope_for(user).filter(
        Operation.objects.select_related("unit").annotate(case_count=Count("cases")), "unit"
    )[:200]
    return render(
        request,
        "cases/operations.html",
        {"form": form, "operations": rows, "can_file": can_file(user)},
    )


@login_required
def destructions(request):
    user = request.user
    if not may_read_cases(user):
        raise Http404
    form = DestructionForm(request.POST or None)
    if request.method == "POST":
        if not can_file(user):
            raise Http404
        if form.is_valid():
            try:
                record_destruction(user, request=request, **form.cleaned_data)
            except CaseError as exc:
                refused(request, exc, form)
            else:
                messages.success(request, _("Destruction recorded."))
                return redirect("cases:destructions")
    rows = scope_for(user).filter(DestructionBatch.objects.select_related("unit"), "unit")[:200]
    return render(
        request,
        "cases/destructions.html",
        {"form": form, "batches": rows, "can_file": can_file(user)},
    )


def _period(request) -> tuple[TablesForm, Scope | None]:
    today = timezone.localdate()
    data = request.GET if "start" in request.GET else None
    form = TablesForm(
        request.user,
        data,
        initial={"start": dt.date(today.year, 1, 1), "end": today},
    )
    if data is None:
        return form, Scope(dt.date(today.year, 1, 1), today, None)
    if not form.is_valid():
        return form, None
    d = form.cleaned_data
    return form, Scope(d["start"], d["end"], d.get("unit"))


@login_required
def tables(request):
    user = request.user
    if not may_read_cases(user):
        raise Http404
    form, scope = _period(request)
    context: dict = {"form": form, "scope": scope}
    if scope is not None:
        context |= {
            "t": breakdown(user, scope),
            "years": yearly(user, scope),
            "query": request.GET.urlencode(),
        }
    if getattr(user, "unit", None) is not None and scope_for(user).can_write:
        context["figures_form"] = FiguresForm(initial={"year": timezone.localdate().year})
    return render(request, "cases/tables.html", context)


@login_required
@require_POST
def figures(request):
    """The yearly table's entered figures, for the reader's own unit."""
    user = request.user
    form = FiguresForm(request.POST)
    unit = getattr(user, "unit", None)
    if unit is None or not may_read_cases(user):
        raise Http404
    if form.is_valid():
        d = form.cleaned_data
        try:
            save_year_figures(
                user,
                unit,
                d["year"],
                sales_boxes=d.get("sales_boxes"),
                per_capita=d.get("per_capita"),
                box_price=d.get("box_price"),
                request=request,
            )
        except CaseError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Figures of %(year)d saved.") % {"year": d["year"]})
    else:
        messages.error(request, _("The figures could not be read."))
    return redirect("cases:tables")


@login_required
@require_POST
def threshold(request):
    if not is_office(request.user):
        raise Http404
    form = ThresholdForm(request.POST)
    if form.is_valid():
        try:
            update_settings(
                request.user, major_threshold=form.cleaned_data["major_threshold"], request=request
            )
        except CaseError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("The major-case threshold is saved."))
    else:
        messages.error(request, _("Give the threshold in 10,000 yuan."))
    return redirect("cases:major")


@login_required
def tables_export(request, fmt: str):
    user = request.user
    if not may_read_cases(user) or fmt not in FORMATS:
        raise Http404
    form, scope = _period(request)
    if scope is None:
        return HttpResponse(
            " ".join(str(e) for errs in form.errors.values() for e in errs),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    params = {
        "start": scope.start.isoformat(),
        "end": scope.end.isoformat(),
        "unit_id": scope.unit.pk if scope.unit else None,
        "format": fmt,
    }
    return export_now(request, EXPORT_JOB, params, audit_data=params)
