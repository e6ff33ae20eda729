"""The assessment's pages: the ranking of a month, quarter or year (and its .xlsx / .docx), one
unit's points month by month with the facts behind each (links to the ledger's lists), and the
office's 考核细则. A unit sees its own units only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.accountability.assessment import export
from zhengzhi.accountability.assessment import stored as results
from zhengzhi.accountability.assessment.campaign_facts import missing_rows, standing_days
from zhengzhi.accountability.assessment.compute import AssessmentPeriodError
from zhengzhi.accountability.assessment.forms import PeriodForm, SchemeForm
from zhengzhi.accountability.assessment.scheme import INDICATORS
from zhengzhi.accountability.assessment.services import save_scheme
from zhengzhi.accountability.models import AssessmentScheme
from zhengzhi.accountability.scope import is_office
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.jobs.views import attachment_header
from zhengzhi.org.scope import scope_for

# A fact of the assessment -> the ledger list (indicators.links) that shows its problems.
FACT_LINKS = {
    "closed_on_time": "closed_on_time",
    "on_time_base": "assessed",
    "closed": "closed",
    "closure_base": "assessed",
    "reworked": "reworked",
    "rework_base": "closed_in_period",
    "satisfied": "satisfied",
    "satisfaction_base": "rated",
    "tasks_on_schedule": "tasks",
    "tasks_measured": "tasks",
}
MISSING_SHOWN = 200


def _scheme(pk: int | None) -> AssessmentScheme:
    qs = AssessmentScheme.objects.filter(is_active=True)
    scheme = qs.filter(pk=pk).first() if pk else qs.first()
    if scheme is None:
        raise Http404
    return scheme


def _only(user) -> set[int] | None:
    scope = scope_for(user)
    return None if scope.all_units else set(scope.unit_ids)


def _period(request) -> str:
    form = PeriodForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["period"]
    return f"{timezone.localdate():%Y-%m}"


@login_required
def assessment(request, pk: int | None = None):
    scheme = _scheme(pk)
    key = _period(request)
    try:
        result, final = results.result_for(scheme, key, only=_only(request.user))
    except AssessmentPeriodError:
        raise Http404 from None
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "docx"):
        mark = "（终审）" if final else ""
        name = f"{result.scheme.name}{key}{mark}"
        if fmt == "xlsx":
            body, kind = export.xlsx(result, mark), export.XLSX_TYPE
        else:
            issuer = "创建国家卫生城市工作领导小组办公室"
            body, kind = (
                export.docx(result, f"{key}{result.scheme.name}考核结果{mark}", issuer),
                export.DOCX_TYPE,
            )
        response = HttpResponse(body, content_type=kind)
        response["Content-Disposition"] = attachment_header(
            f"{name}.{fmt}", f"assessment-{key}.{fmt}"
        )
        return response
    labels = [(i["indicator"], INDICATORS[i["indicator"]].label) for i in result.scheme.items]
    return render(
        request,
        "accountability/assessment.html",
        {
            "scheme": scheme,
            "final": final,
            "finalisable": len(key) == 4 or key[4:6] == "-Q",
            "schemes": AssessmentScheme.objects.filter(is_active=True),
            "key": key,
            "result": result,
            "labels": labels,
            "office": is_office(request.user),
        },
    )


@login_required
def unit_points(request, pk: int, unit_id: int):
    from zhengzhi.ledger.indicators.links import figure_links
    from zhengzhi.ledger.indicators.periods import custom_period

    scheme = _scheme(pk)
    only = _only(request.user)
    if only is not None and unit_id not in only:
        raise Http404
    key = _period(request)
    try:
        result, final = results.result_for(scheme, key, only={unit_id})
    except AssessmentPeriodError:
        raise Http404 from None
    if not result.rows:
        raise Http404
    row = result.rows[0]
    level = result.scheme.level
    months = []
    now = timezone.now()
    for (first, last), (month, points) in zip(result.months, row.months.items(), strict=True):
        links = figure_links(custom_period(first, last), level, unit_id)
        links.update(_campaign_links(first, last, now))
        items = [
            {
                "p": p,
                "label": INDICATORS[p.indicator].label,
                "num_url": links.get(FACT_LINKS.get(INDICATORS[p.indicator].num, ""), ""),
                "den_url": links.get(FACT_LINKS.get(INDICATORS[p.indicator].den, ""), ""),
            }
            for p in points.items
        ]
        missing = []
        if any(p.indicator == "reporting_rate" for p in points.items):
            missing = missing_rows(first, last, now, _rolled_up(level, unit_id))
        months.append(
            {"month": month, "points": points, "items": items, "missing": missing[:MISSING_SHOWN],
             "missing_more": max(0, len(missing) - MISSING_SHOWN)}
        )  # fmt: skip
    return render(
        request,
        "accountability/assessment_unit.html",
        {"scheme": scheme, "key": key, "row": row, "months": months, "final": final},
    )


def _rolled_up(level: str, unit_id: int) -> set[int]:
    """The units whose facts are the unit's (a street: its communities too)."""
    from zhengzhi.org.models import Unit

    if level != "street":
        return {unit_id}
    path = Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first() or "-"
    return set(Unit.objects.filter(path__startswith=path).values_list("pk", flat=True))


def _campaign_links(first, last, now) -> dict[str, str]:
    """The dispatch sheets the month's task standings were read from (the first campaign's, as
    the figures' link; the page lists the missing reports one by one)."""
    days = standing_days(first, last, now)
    if not days:
        return {}
    campaign_id, day = days[0]
    return {"tasks": f"{reverse('campaigns:sheet', args=[campaign_id])}?day={day.isoformat()}"}


@login_required
def scheme_edit(request, pk: int):
    if not is_office(request.user):
        raise Http404
    scheme = _scheme(pk)
    form = SchemeForm(request.POST or None, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            save_scheme(
                scheme.pk,
                actor=request.user,
                version=data["version"],
                name=data["name"],
                level=data["level"],
                items=form.items(),
                deductions=form.deductions(),
                deduction_cap=data["deduction_cap"],
                request=request,
            )
        except AccountabilityError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Assessment scheme saved."))
            return redirect("accountability:assessment_scheme", pk=scheme.pk)
    return render(request, "accountability/scheme_form.html", {"form": form, "scheme": scheme})


@login_required
def finalise(request, pk: int):
    """The office finalises the period shown (POST), or reopens it with a reason."""
    if request.method != "POST" or not is_office(request.user):
        raise Http404
    scheme = _scheme(pk)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        raise Http404
    key = form.cleaned_data["period"]
    try:
        if request.POST.get("reopen"):
            results.reopen(
                scheme.pk, key, actor=request.user, reason=request.POST.get("reason", ""),
                request=request,
            )  # fmt: skip
            messages.success(request, _("The result is reopened: it is computed again."))
        else:
            results.finalise(scheme.pk, key, actor=request.user, request=request)
            messages.success(request, _("The result is final: it is stored as it is now."))
    except AccountabilityError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('accountability:assessment_of', args=[scheme.pk])}?period={key}")
