"""The office's edits: an indicator's rule and target (the targets the standard leaves to the
local plan, the unconfirmed ones it confirms), and a measure's lead department and frequency."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.standards.forms import IndicatorForm, MeasureForm
from zhengzhi.standards.models import Indicator, Measure
from zhengzhi.standards.scope import is_office
from zhengzhi.standards.services import editing
from zhengzhi.standards.services.errors import StandardsError


@login_required
def indicator_edit(request, pk: int):
    if not is_office(request.user):
        raise Http404
    indicator = get_object_or_404(Indicator.objects.select_related("standard", "measure"), pk=pk)
    initial = {
        f: getattr(indicator, f)
        for f in ("rule", "target", "target_grade", "years", "confirmed", "base")
    }
    initial.update(
        absolute_label=indicator.absolute_label,
        absolute_unit=indicator.absolute_unit,
        category=indicator.category_id,
        item=indicator.item_id,
    )
    form = IndicatorForm(request.POST or None, initial=initial, standard_id=indicator.standard_id)
    if request.method == "POST" and form.is_valid():
        try:
            editing.update_indicator(request.user, indicator.pk, **form.cleaned_data)
        except StandardsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("standards:version", pk=indicator.standard_id)
    return render(
        request,
        "standards/indicator_edit.html",
        {"indicator": indicator, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def measure_edit(request, pk: int):
    if not is_office(request.user):
        raise Http404
    measure = get_object_or_404(Measure, pk=pk)
    form = MeasureForm(request.POST)
    if form.is_valid():
        try:
            editing.update_measure(request.user, measure.pk, **form.cleaned_data)
        except StandardsError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a unit and a frequency."))
    return redirect("standards:measure", pk=measure.pk)
