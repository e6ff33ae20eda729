"""Vector checks (病媒): record a check's counts, see the grades against the C-level limits."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.inspections.models import VectorKind
from zhengzhi.inspections.selectors import vector_checks
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.vectors import (
    COUNT_LABELS,
    COUNTS,
    grade,
    limits,
    parse_counts,
    record_check,
)
from zhengzhi.org.models import UnitKind
from zhengzhi.org.scope import scope_for, visible_units


@login_required
def vectors_page(request):
    user = request.user
    vector = request.GET.get("vector") or request.POST.get("vector") or VectorKind.FLY
    if vector not in COUNTS:
        raise Http404
    # The units checked are territorial (communities, streets): not the departments.
    units = visible_units(user).filter(is_active=True, kind=UnitKind.TERRITORY).order_by("path")
    if request.method == "POST":
        try:
            unit = units.filter(pk=int(request.POST.get("unit") or 0)).first()
            if unit is None:
                raise InspectionError(_("Choose the unit checked."), "invalid")
            try:
                day = dt.date.fromisoformat(request.POST.get("checked_on", ""))
            except ValueError:
                raise InspectionError(_("Give the day of the check."), "invalid") from None
            check = record_check(
                actor=user,
                vector=vector,
                unit=unit,
                checked_on=day,
                counts={k: request.POST.get(k, "") for k in COUNTS[vector]},
                note=request.POST.get("note", "")[:500],
                request=request,
            )
        except InspectionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Recorded: grade %(grade)s.") % {"grade": check.grade or "—"}
            )
            return redirect(f"{request.path}?vector={vector}")
    checks = list(vector_checks(user).filter(vector=vector)[:100])
    rows = []
    for check in checks:
        rows.append((check, grade(vector, parse_counts(vector, check.counts))))
    return render(
        request,
        "inspections/vectors.html",
        {
            "vector": vector,
            "vectors": VectorKind.choices,
            "fields": [
                (k, COUNT_LABELS[k], request.POST.get(k, "") if request.method == "POST" else "")
                for k in COUNTS[vector]
            ],
            "units": units,
            "can_record": scope_for(user).can_write,
            "today": timezone.localdate(),
            "rows": rows,
            "limits": [r for r in limits()["limits"] if r["vector"] == vector],
            "standard": limits()["standard"],
        },
    )
