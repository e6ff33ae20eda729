"""The assessment's pages: the ranking of a month, quarter or year (and its .xlsx / .docx), one
unit's points month by month with the facts behind each (links to the ledger's lists), and the
office's 考核细则. A unit sees its own units only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.accountability.assessment import export
from zhengzhi.accountability.assessment.compute import AssessmentPeriodError, assess
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
}


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
        result = assess(scheme, key, only=_only(request.user))
    except AssessmentPeriodError:
        raise Http404 from None
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "docx"):
        name = f"{scheme.name}{key}"
        if fmt == "xlsx":
            body, kind = export.xlsx(result), export.XLSX_TYPE
        else:
            issuer = "创建国家卫生城市工作领导小组办公室"
            body, kind = (
                export.docx(result, f"{key}{scheme.name}考核结果", issuer),
                export.DOCX_TYPE,
            )
        response = HttpResponse(body, content_type=kind)
        response["Content-Disposition"] = attachment_header(
            f"{name}.{fmt}", f"assessment-{key}.{fmt}"
        )
        return response
    labels = [(i["indicator"], INDICATORS[i["indicator"]].label) for i in scheme.items]
    return render(
        request,
        "accountability/assessment.html",
        {
            "scheme": scheme,
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
        result = assess(scheme, key, only={unit_id})
    except AssessmentPeriodError:
        raise Http404 from None
    if not result.rows:
        raise Http404
    row = result.rows[0]
    level = scheme.level
    months = []
    for (first, last), (month, points) in zip(result.months, row.months.items(), strict=True):
        links = figure_links(custom_period(first, last), level, unit_id)
        items = [
            {
                "p": p,
                "label": INDICATORS[p.indicator].label,
                "num_url": links.get(FACT_LINKS.get(INDICATORS[p.indicator].num, ""), ""),
                "den_url": links.get(FACT_LINKS.get(INDICATORS[p.indicator].den, ""), ""),
            }
            for p in points.items
        ]
        months.append({"month": month, "points": points, "items": items})
    return render(
        request,
        "accountability/assessment_unit.html",
        {"scheme": scheme, "key": key, "row": row, "months": months},
    )


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
