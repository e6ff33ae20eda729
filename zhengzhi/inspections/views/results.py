"""Results: scores against the pass line by unit, grid, place or checklist, the trend, the
items failed most, and the drill-down to each failure and its problem."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.inspections.forms import ResultForm
from zhengzhi.inspections.selectors import (
    ResultFilter,
    failed_answers,
    results,
    trend,
    weakest_items,
)


def _filter(request) -> tuple[ResultForm, ResultFilter]:
    form = ResultForm(request.GET or None)
    start, end = form.period(timezone.localdate())
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, ResultFilter(
        start=start, end=end, by=data.get("by") or "unit", kind=data.get("kind") or ""
    )


@login_required
def results_page(request):
    form, f = _filter(request)
    rows = results(request.user, f)
    series = trend(request.user, f)
    chart = {
        "months": [s["month"] for s in series],
        "mean": [float(s["mean"]) if s["mean"] is not None else None for s in series],
        "visits": [s["visits"] for s in series],
        "groups": [str(r["name"] or "—") for r in rows[:30]],
        "groupMeans": [float(r["mean"]) if r["mean"] is not None else None for r in rows[:30]],
    }
    return render(
        request,
        "inspections/results.html",
        {
            "form": form,
            "f": f,
            "rows": rows,
            "series": series,
            "weakest": weakest_items(request.user, f),
            "chart": chart,
            "chart_texts": {"mean": _("Mean score (%)"), "visits": _("Visits")},
            "query": request.GET.urlencode(),
        },
    )


@login_required
def results_export(request):
    """The period's results and visits as .xlsx, written in the request (a year of a county's
    visits is some 50,000 rows); the reader's scope, as on the page."""
    from zhengzhi.inspections.export_kind import EXPORT_JOB
    from zhengzhi.jobs.views import export_now

    _form, f = _filter(request)
    params = {"start": f.start.isoformat(), "end": f.end.isoformat(), "by": f.by, "kind": f.kind}
    return export_now(request, EXPORT_JOB, params, audit_data=params)


@login_required
def failures_page(request):
    form, f = _filter(request)
    try:
        checklist_id = int(request.GET.get("checklist", ""))
    except ValueError:
        checklist_id = 0
    code = request.GET.get("item", "")[:30]
    answers = failed_answers(request.user, f, code, checklist_id)[:500]
    return render(
        request,
        "inspections/failures.html",
        {"answers": answers, "code": code, "f": f},
    )
