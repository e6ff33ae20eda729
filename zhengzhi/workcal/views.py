"""The office's working calendar: a year's days off and adjusted working days, from the package
and from the office's own entries; adding, changing and removing the office's entries."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.core.roles import Role, role_required
from zhengzhi.workcal.calendar import national_is_workday
from zhengzhi.workcal.forms import DayForm
from zhengzhi.workcal.models import CalendarDay
from zhengzhi.workcal.services import remove_day, set_day
from zhengzhi.workcal.year import MAX_YEAR, MIN_YEAR, SOURCE_LABELS, WEEKDAYS, year_view


def _year_url(year: int) -> str:
    return f"{reverse('workcal:year')}?year={year}"


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


@role_required(Role.OFFICE_ADMIN)
def year_page(request):
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    year, year_error = today.year, None
    if raw:
        if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR:
            year = int(raw)
        else:
            year_error = _("Choose a year from %(first)s to %(last)s.") % {
                "first": MIN_YEAR,
                "last": MAX_YEAR,
            }
    status = 200
    if request.method == "POST":
        form = DayForm(request.POST)
        if form.is_valid():
            day = form.cleaned_data["date"]
            try:
                set_day(
                    day,
                    form.is_workday,
                    form.cleaned_data["note"],
                    actor=request.user,
                    request=request,
                )
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    for message in errors:
                        form.add_error(name if name in form.fields else None, message)
            else:
                messages.success(request, _("%(date)s saved.") % {"date": day.isoformat()})
                return redirect(_year_url(day.year))
        status = 422
    else:
        form = DayForm(initial=_initial(request.GET.get("date")))
    view = year_view(year)
    return render(
        request,
        "workcal/year.html",
        {
            "form": form,
            "cal": view,
            "year": year,
            "year_error": year_error,
            "source_labels": SOURCE_LABELS,
            "special": view.special_days(),
            "months": view.months(),
            "counts": view.counts(),
            "prev_year": year - 1 if year > MIN_YEAR else None,
            "next_year": year + 1 if year < MAX_YEAR else None,
            "today": today,
            "weekdays": WEEKDAYS,
        },
        status=status,
    )


def _initial(value: str | None) -> dict:
    day = _parse_date(value)
    if day is None:
        return {}
    entry = CalendarDay.objects.filter(date=day).first()
    if entry is not None:
        kind = "workday" if entry.is_workday else "holiday"
        return {"date": day, "kind": kind, "note": entry.note}
    # A day the office has not entered: offer the opposite of what it is now.
    return {"date": day, "kind": "holiday" if national_is_workday(day) else "workday"}


@role_required(Role.OFFICE_ADMIN)
@require_POST
def remove(request, pk: int):
    entry = get_object_or_404(CalendarDay, pk=pk)
    year = entry.date.year
    if remove_day(entry, actor=request.user, request=request):
        messages.success(
            request,
            _("The office's entry for %(date)s was removed; the national calendar applies.")
            % {"date": entry.date.isoformat()},
        )
    return redirect(_year_url(year))
