"""Indicator entry for lead departments (desktop and phone), the values behind each measure with
their documents, and the office's confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.files.models import FileKind, StoredFile
from zhengzhi.files.services import store_upload
from zhengzhi.org.scope import scope_for, visible_units
from zhengzhi.standards import facts
from zhengzhi.standards.forms import MeasureForm, ReturnForm, ValueForm
from zhengzhi.standards.models import Frequency, IndicatorValue, ValueStatus
from zhengzhi.standards.scope import (
    can_fill,
    fillable_measures,
    get_measure_for_user,
    get_value_for_user,
    is_office,
    visible_measures,
    visible_values,
)
from zhengzhi.standards.services import values as value_services
from zhengzhi.standards.services.errors import StandardsError

PAGE = 50


@login_required
def measure_list(request):
    measures = visible_measures(request.user).select_related("lead_department")
    q = request.GET.get("q", "").strip()[:60]
    if q:
        measures = measures.filter(name__icontains=q)
    mine = request.GET.get("mine") == "1" or not scope_for(request.user).all_units
    if mine:
        measures = measures.filter(pk__in=fillable_measures(request.user))
    counts = {
        row["measure_id"]: row
        for row in visible_values(request.user)
        .filter(current=True, measure__in=measures)
        .values("measure_id")
        .order_by()
        .annotate(
            n=Count("pk"),
            waiting=Count("pk", filter=Q(status=ValueStatus.ENTERED)),
            latest=Max("period"),
        )
    }
    fillable = set(fillable_measures(request.user).values_list("pk", flat=True))
    rows = [(m, counts.get(m.pk), m.pk in fillable) for m in measures]
    return render(
        request,
        "standards/measure_list.html",
        {"rows": rows, "q": q, "mine": mine, "is_office": is_office(request.user)},
    )


@login_required
def measure_detail(request, pk: int):
    measure = get_measure_for_user(request.user, pk)
    history = request.GET.get("history") == "1"
    values = (
        visible_values(request.user)
        .filter(measure=measure)
        .select_related("unit", "document", "entered_by", "confirmed_by")
        .order_by("-period", "unit__name", "-pk")
    )
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        values = values.filter(unit_id=int(unit_id))
    if not history:
        values = values.filter(current=True)
    page = Paginator(values, PAGE).get_page(request.GET.get("page"))
    indicators = measure.indicators.select_related("standard").order_by("standard__code")
    return render(
        request,
        "standards/measure_detail.html",
        {
            "measure": measure,
            "page": page,
            "history": history,
            "indicators": indicators,
            "is_office": is_office(request.user),
            "can_fill": can_fill(request.user, measure, getattr(request.user, "unit_id", None) or 0)
            or is_office(request.user),
            "return_form": ReturnForm(),
            "measure_form": MeasureForm(
                initial={
                    "lead_department": measure.lead_department_id,
                    "frequency": measure.frequency,
                }
            )
            if is_office(request.user)
            else None,
        },
    )


def _keep_document(request, form, unit) -> StoredFile | None:
    """The upload of this submission (stored now, attached when the value is saved), or the one
    a refused submission kept, so that a phone need not choose the file again."""
    upload = request.FILES.get("document")
    if upload is not None:
        return store_upload(
            upload,
            user=request.user,
            unit=unit,
            allowed=(FileKind.DOCUMENT, FileKind.IMAGE),
            purpose="proof",
            request=request,
        )
    kept = form.cleaned_data.get("document_id")
    if kept:
        return StoredFile.objects.filter(
            pk=kept, uploaded_by=request.user, owner_type__isnull=True
        ).first()
    return None


def _save(request, form, measure) -> IndicatorValue | None:
    """Saves a valid form's value, or puts the reason on the form; the document is kept."""
    unit = form.cleaned_data.get("unit") or request.user.unit
    try:
        document = _keep_document(request, form, unit)
    except (ValidationError, PermissionDenied) as exc:
        form.add_error("document", getattr(exc, "messages", [_("Not allowed.")])[0])
        return None
    if document is not None:
        form.data = form.data.copy()
        form.data["document_id"] = str(document.pk)
    if form.errors:
        return None
    try:
        return value_services.enter_value(
            request.user,
            measure,
            form.cleaned_data["unit"],
            form.period(),
            form.cleaned_data["value"],
            document=document,
            note=form.cleaned_data["note"],
            replaces=form.cleaned_data["replaces"],
            request=request,
        )
    except PermissionDenied:
        form.add_error("unit", _("You do not report this figure for that unit."))
    except StandardsError as exc:
        form.add_error({"value": "value", "period": "year"}.get(exc.code or ""), exc.message)
    return None


def _initial(request, measure) -> dict:
    unit_id = request.GET.get("unit", "") or str(getattr(request.user, "unit_id", "") or "")
    year = request.GET.get("year", "")
    today = timezone.localdate()
    initial: dict = {
        "unit": unit_id,
        "year": int(year) if year.isdigit() else today.year - 1,
    }
    if unit_id.isdigit():
        current = (
            visible_values(request.user)
            .filter(measure=measure, unit_id=int(unit_id), current=True)
            .filter(period__year=initial["year"])
            .order_by("-period")
            .first()
        )
        if current is not None:
            initial.update(
                value=current.value,
                replaces=current.pk,
                month=current.period.month if measure.frequency != Frequency.YEARLY else None,
                note=current.note,
            )
    return initial


@login_required
def value_enter(request, pk: int):
    measure = get_measure_for_user(request.user, pk)
    if not scope_for(request.user).can_write or measure.fact:
        raise Http404
    units = visible_units(request.user).filter(is_active=True).order_by("path")
    status = 200
    if request.method == "POST":
        form = ValueForm(request.POST, request.FILES, units=units)
        form.is_valid()
        if _save(request, form, measure) is not None:
            messages.success(request, _("Saved; the office confirms it."))
            return redirect("standards:measure", pk=measure.pk)
        status = 400
    else:
        form = ValueForm(initial=_initial(request, measure), units=units)
    kept_id = form.data.get("document_id") if form.is_bound else None
    kept = StoredFile.objects.filter(pk=kept_id).first() if kept_id else None
    return render(
        request,
        "standards/value_enter.html",
        {"measure": measure, "form": form, "kept_document": kept},
        status=status,
    )


@login_required
@require_POST
def value_confirm(request, pk: int):
    value = get_value_for_user(request.user, pk)
    if not is_office(request.user):
        raise Http404
    try:
        value_services.confirm_value(request.user, value.pk, request=request)
    except StandardsError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Value confirmed."))
    return redirect("standards:measure", pk=value.measure_id)


@login_required
@require_POST
def value_return(request, pk: int):
    value = get_value_for_user(request.user, pk)
    if not is_office(request.user):
        raise Http404
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise StandardsError(_("Say why the value is returned."))
        value_services.return_value(
            request.user, value.pk, form.cleaned_data["reason"], request=request
        )
    except StandardsError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Value returned to the unit."))
    return redirect("standards:measure", pk=value.measure_id)


@login_required
@require_POST
def fill_from_facts(request, pk: int):
    """The office fills a year's figure of a measure the platform measures itself."""
    measure = get_measure_for_user(request.user, pk)
    if not is_office(request.user) or measure.fact != facts.SATISFACTION:
        raise Http404
    year = request.POST.get("year", "")
    if not (year.isdigit() and 2000 <= int(year) <= timezone.localdate().year):
        messages.error(request, _("Choose a year up to this one."))
        return redirect("standards:measure", pk=measure.pk)
    value = facts.fill_satisfaction(int(year), request.user.unit, actor=request.user)
    if value is None:
        messages.error(request, _("Nobody rated or answered in that year: there is no figure."))
    else:
        messages.success(
            request, _("Filled from the facts: %(rate)s%%.") % {"rate": value.number.normalize()}
        )
    return redirect("standards:measure", pk=measure.pk)
