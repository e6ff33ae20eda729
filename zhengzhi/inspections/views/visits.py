"""The day's visits, the checklist (one tap an item, "all pass" per section, a photo and a note
per failure) and a visit's printable report."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.files.services import store_upload
from zhengzhi.inspections.models import Result, Visit, VisitStatus
from zhengzhi.inspections.scope import can_fill, get_visit_for_user
from zhengzhi.inspections.selectors import VISIT_RELATED, answers_of, day_visits, overdue_visits
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.submission import parse_answers, submit_visit


@login_required
def today(request):
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    visits = list(day_visits(request.user, day)[:300])
    overdue = list(overdue_visits(request.user, timezone.localdate())[:100])
    return render(
        request,
        "inspections/today.html",
        {
            "day": day,
            "visits": visits,
            "overdue": overdue,
            "prev": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
        },
    )


def _sections(items, given):
    rows = [(item, given.get(item.code, {})) for item in items]
    return [(name, list(group)) for name, group in groupby(rows, key=lambda r: r[0].section)]


def _raw_answers(request, items) -> tuple[dict, list[str]]:
    """The form's answers by item code; photos are stored at once (kept as hidden ids when the
    submission is refused, so nothing is lost)."""
    raw, errors = {}, []
    for item in items:
        code = item.code
        photo = request.POST.get(f"photo_id-{code}") or None
        upload = request.FILES.get(f"photo-{code}")
        result = request.POST.get(f"r-{code}", "")
        if upload is not None and result == Result.FAIL:
            try:
                photo = str(store_upload(upload, user=request.user, unit=request.user.unit).pk)
            except (ValidationError, PermissionDenied) as exc:
                errors.append(f"{code}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
        raw[code] = {
            "result": result,
            "findings": request.POST.get(f"n-{code}") or 0,
            "points": request.POST.get(f"p-{code}") or None,
            "note": request.POST.get(f"note-{code}", "")[:1000],
            "photo": photo,
        }
    return raw, errors


@login_required
def visit_page(request, pk: int):
    user = request.user
    visit = get_visit_for_user(user, pk, Visit.objects.select_related(*VISIT_RELATED))
    if visit.status != VisitStatus.PLANNED or not can_fill(user, visit):
        return _report(request, visit, "inspections/visit.html")
    items = list(visit.checklist_version.items.order_by("position", "id"))
    raw: dict = {}
    if request.method == "POST":
        raw, errors = _raw_answers(request, items)
        if errors:
            messages.error(request, "; ".join(errors))
        else:
            try:
                outcome = submit_visit(
                    visit.pk,
                    actor=user,
                    answers=parse_answers(raw),
                    note=request.POST.get("note", "")[:2000],
                    lon=_float(request.POST.get("lon")),
                    lat=_float(request.POST.get("lat")),
                    request=request,
                )
            except InspectionError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Submitted: %(opened)d problems opened, %(linked)d linked to open ones.")
                    % {"opened": len(outcome.opened), "linked": len(outcome.linked)},
                )
                return redirect("inspections:visit", visit.pk)
    return render(
        request,
        "inspections/checklist.html",
        {
            "visit": visit,
            "sections": _sections(items, raw),
            "count": len(items),
            "note": request.POST.get("note", ""),
        },
    )


def _float(text):
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _report(request, visit: Visit, template: str):
    answers = answers_of(visit)
    return render(
        request,
        template,
        {
            "visit": visit,
            "answers": answers,
            "failed": [a for a in answers if a.result == Result.FAIL],
            "sections": [
                (name, list(group))
                for name, group in groupby(answers, key=lambda a: a.item.section)
            ],
        },
    )


@login_required
def visit_report(request, pk: int):
    visit = get_visit_for_user(request.user, pk, Visit.objects.select_related(*VISIT_RELATED))
    return _report(request, visit, "inspections/report.html")


def service_worker(request):
    """The service worker, served under /inspections/ so that its scope is the inspections."""
    response = render(
        request,
        "inspections/sw.js",
        {"static_prefix": settings.STATIC_URL},
        content_type="application/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response
