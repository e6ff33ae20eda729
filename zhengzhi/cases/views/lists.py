"""The case list with its filters, the major-case list (督办, until closed) and the rechecks
list (due and overdue first)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from zhengzhi.cases.forms import FilterForm, ThresholdForm
from zhengzhi.cases.models import Case, CaseState, Recheck
from zhengzhi.cases.scope import (
    can_file,
    case_filter,
    is_office,
    may_read_cases,
    visible_cases,
)
from zhengzhi.cases.selectors import filter_cases
from zhengzhi.cases.services.filing import major_threshold
from zhengzhi.cases.services.rechecks import recheck_state

PAGE_SIZE = 50
LIST_RELATED = ("case_type", "site", "handling_unit")


@login_required
def case_list(request):
    user = request.user
    if not may_read_cases(user):
        raise Http404
    form = FilterForm(request.GET or None)
    qs = visible_cases(user).select_related(*LIST_RELATED)
    errors = {}
    if form.is_bound:
        if form.is_valid():
            qs = filter_cases(qs, form.cleaned_data)
        else:
            errors = {k: " ".join(v) for k, v in form.errors.items()}
            qs = qs.none()
    page = Paginator(qs.order_by("-filed_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "filter_errors": errors,
            "query": query.urlencode(),
            "can_file": can_file(user),
            "filtered": bool(form.is_bound),
        },
    )


@login_required
def major_list(request):
    """重大案件督办: major cases until they are closed, oldest first."""
    if not may_read_cases(request.user):
        raise Http404
    cases = (
        visible_cases(request.user)
        .filter(major=True)
        .exclude(state=CaseState.CLOSED)
        .select_related(*LIST_RELATED)
        .order_by("filed_on", "id")[:500]
    )
    context: dict = {"cases": cases, "threshold": major_threshold()}
    if is_office(request.user):
        context["threshold_form"] = ThresholdForm(initial={"major_threshold": major_threshold()})
    return render(request, "cases/major.html", context)


@login_required
def recheck_list(request):
    """The rechecks of the cases the reader handles: open ones by due date, then done ones."""
    user = request.user
    if not may_read_cases(user):
        raise Http404
    today = timezone.localdate()
    state = request.GET.get("state", "")
    qs = Recheck.objects.select_related("case", "site", "unit")
    cond = case_filter(user)
    if cond is not None:
        qs = qs.filter(case__in=Case.objects.filter(cond).values("pk"))
    if state == "done":
        qs = qs.filter(done_at__isnull=False).order_by("-done_at")
    else:
        qs = qs.filter(done_at__isnull=True).order_by("due_on", "id")
        if state == "overdue":
            qs = qs.filter(due_on__lt=today)
        elif state == "due":
            qs = qs.filter(due_on=today)
    rows = [(r, recheck_state(r, today)) for r in qs[:300]]
    return render(request, "cases/rechecks.html", {"rows": rows, "state": state})
