"""Progress reporting for units, made for a phone: my tasks, the form, the correction."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhengzhi.campaigns.forms import CorrectForm, ReportForm
from zhengzhi.campaigns.models import CampaignStatus, ProgressReport
from zhengzhi.campaigns.photos import (
    keep_refused_photos,
    kept_files,
    kept_photo_ids,
    store_photos,
    with_photos,
)
from zhengzhi.campaigns.rules import Rule, counting_from, counts, open_slot, slots_between
from zhengzhi.campaigns.scope import reportable_assignments
from zhengzhi.campaigns.services import reports as report_services
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.ledger.forms import MAX_PHOTOS
from zhengzhi.workcal.calendar import WorkCalendar

LOOK_BACK_DAYS = 2


def photo_labels() -> dict[str, str]:
    """What zhengzhi/photos.js says while photos are chosen and shrunk."""
    return {
        "photosChosen": _("%(n)s of %(max)s photos"),
        "tooManyPhotos": _("At most %(max)s photos, please."),
        "notPhoto": _("This file is not a photo."),
        "shrinking": _("Preparing photos…"),
        "remove": _("Remove"),
    }


def _active(user):
    return (
        reportable_assignments(user)
        .filter(task__campaign__status=CampaignStatus.ACTIVE)
        .exclude(task__frequency="none")
        .select_related("task", "task__campaign", "unit")
        .order_by("task__campaign_id", "task__order", "unit__path")
    )


@login_required
def report_home(request):
    now = timezone.now()
    cal = WorkCalendar.load()
    rows = []
    assignments = list(_active(request.user)[:300])
    today = timezone.localdate()
    reported = set(
        ProgressReport.objects.filter(
            assignment__in=assignments, is_current=True, period__gte=today - dt.timedelta(days=40)
        ).values_list("assignment_id", "period", "slot")
    )
    for a in assignments:
        campaign = a.task.campaign
        slot = open_slot(Rule.of(a.task), now, (campaign.starts_on, campaign.ends_on), cal)
        done = slot is not None and (a.pk, slot.period, slot.index) in reported
        rows.append({"a": a, "slot": slot, "done": done})
    return render(request, "campaigns/report_home.html", {"groups": by_unit(rows, request.user)})


def by_unit(rows: list[dict], user) -> list[dict]:
    """The rows grouped by reporting unit: the user's own unit first, then the units below it
    in tree order; each group with how many of its rows are still to report."""
    own = getattr(user, "unit_id", None)
    groups: dict[int, dict] = {}
    for row in rows:
        unit = row["a"].unit
        group = groups.setdefault(unit.pk, {"unit": unit, "rows": [], "to_report": 0})
        group["rows"].append(row)
        group["to_report"] += bool(row["slot"] and not row["done"])
    return sorted(groups.values(), key=lambda g: (g["unit"].pk != own, g["unit"].path))


def _slot_choices(assignment, now, cal, reported):
    """The open slot first, then the slots of the last days not reported yet (filed late), of
    those that count (rules.counts: not a cut-off from before the task or the campaign's
    start)."""
    task, campaign = assignment.task, assignment.task.campaign
    rule = Rule.of(task)
    since = counting_from(task, campaign)
    span = (campaign.starts_on, campaign.ends_on)
    current = open_slot(rule, now, span, cal)
    today = timezone.localdate(now)
    choices = []
    # The open slot, even when its period is still to come (after the day's last cut-off it is
    # tomorrow's first): a unit may report early, before that cut-off.
    if current is not None and (current.period, current.index) not in reported:
        choices.append(current)
    first = max(span[0], today - dt.timedelta(days=LOOK_BACK_DAYS))
    for slot in reversed(slots_between(rule, first, min(today, span[1]), cal)):
        unreported = (slot.period, slot.index) not in reported
        due = counts(slot, since) and span[0] <= slot.period <= span[1]
        if slot.cutoff_at < now and unreported and due:
            choices.append(slot)
    out = []
    for slot in choices:
        local = timezone.localtime(slot.cutoff_at)
        label = _("%(period)s, due %(time)s") % {
            "period": date_format(slot.period, "SHORT_DATE_FORMAT"),
            "time": local.strftime("%m-%d %H:%M"),
        }
        if slot.cutoff_at < now:
            label += " · " + pgettext("campaign", "late")
        out.append((f"{slot.period.isoformat()}|{slot.index}", label))
    return out


def _next_slot(assignment, now, cal):
    """The cut-off after the open slot's (the open one is reported already, early)."""
    campaign = assignment.task.campaign
    span = (campaign.starts_on, campaign.ends_on)
    slot = open_slot(Rule.of(assignment.task), now, span, cal)
    if slot is None:
        return None
    return open_slot(Rule.of(assignment.task), slot.cutoff_at + dt.timedelta(seconds=1), span, cal)


@login_required
def report_form(request, assignment_id: int):
    try:
        assignment = _active(request.user).get(pk=assignment_id)
    except Exception:
        raise Http404 from None
    now = timezone.now()
    cal = WorkCalendar.load()
    recent = list(
        ProgressReport.objects.filter(assignment=assignment, is_current=True).order_by(
            "-period", "-slot"
        )[:10]
    )
    reported = {
        (p, s)
        for p, s in ProgressReport.objects.filter(
            assignment=assignment, is_current=True,
            period__gte=timezone.localdate() - dt.timedelta(days=40),
        ).values_list("period", "slot")
    }  # fmt: skip
    choices = _slot_choices(assignment, now, cal, reported)
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        slots=choices,
        countable=assignment.task.countable,
    )
    kept = kept_photo_ids(request, limit=MAX_PHOTOS) if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        period_text, index = form.cleaned_data["slot"].split("|")
        try:
            # One transaction: a report refused (its slot taken meanwhile) leaves no photo rows
            # of its own; the photos are then kept as for any refusal, below.
            with transaction.atomic():
                photo_ids = kept + store_photos(
                    form.cleaned_data.get("photos"),
                    user=request.user,
                    unit=assignment.unit,
                    request=request,
                )
                report = report_services.submit_report(
                    assignment.pk,
                    actor=request.user,
                    figure=form.cleaned_data["figure"],
                    text=form.cleaned_data["text"],
                    period=dt.date.fromisoformat(period_text),
                    slot=int(index),
                    photo_ids=photo_ids,
                    request=request,
                )
        except CampaignError as exc:
            form.add_error(
                exc.field if exc.field in ("slot", "figure", "photos") else None, exc.message
            )
        else:
            if report.late:
                messages.warning(request, _("Reported — after the cut-off, so it is marked late."))
            else:
                messages.success(request, _("Reported. Thank you."))
            return redirect("campaigns:report")
    if request.method == "POST":
        kept = keep_refused_photos(request, form, unit=assignment.unit, kept=kept, limit=MAX_PHOTOS)
    return render(
        request,
        "campaigns/report_form.html",
        {
            "a": assignment,
            "form": form,
            "kept_photos": kept_files(kept),
            "recent": recent,
            "no_slot": not choices,
            # Nothing to file yet (a task added after the day's cut-offs): when the next is due.
            "next_slot": None if choices else _next_slot(assignment, now, cal),
            "photo_config": {"maxPhotos": MAX_PHOTOS, "labels": photo_labels()},
        },
    )


@login_required
def report_correct(request, report_id: int):
    visible = reportable_assignments(request.user)
    try:
        report = (
            ProgressReport.objects.filter(Q(assignment__in=visible))
            .select_related("assignment", "task", "unit", "campaign")
            .get(pk=report_id)
        )
    except ProgressReport.DoesNotExist:
        raise Http404 from None
    form = CorrectForm(
        request.POST or None,
        request.FILES or None,
        # "7", not "7.00": the figure as it was typed.
        initial={"figure": f"{report.figure.normalize():f}", "text": report.text},
    )
    kept = kept_photo_ids(request, limit=MAX_PHOTOS) if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # a refused correction leaves no photo rows of its own
                photo_ids = kept + store_photos(
                    form.cleaned_data.get("photos"),
                    user=request.user,
                    unit=report.unit,
                    request=request,
                )
                report_services.correct_report(
                    report.pk,
                    actor=request.user,
                    figure=form.cleaned_data["figure"],
                    text=form.cleaned_data["text"],
                    reason=form.cleaned_data["reason"],
                    photo_ids=photo_ids,
                    request=request,
                )
        except CampaignError as exc:
            form.add_error(exc.field if exc.field in ("figure", "photos") else None, exc.message)
        else:
            messages.success(request, _("Corrected; the earlier figure is kept in the history."))
            return redirect("campaigns:report_form", assignment_id=report.assignment_id)
    if request.method == "POST":
        kept = keep_refused_photos(request, form, unit=report.unit, kept=kept, limit=MAX_PHOTOS)
    return render(
        request,
        "campaigns/report_correct.html",
        {
            "report": report,
            "form": form,
            "kept_photos": kept_files(kept),
            "history": with_photos(report_services.history(report)),
            "photo_config": {"maxPhotos": MAX_PHOTOS, "labels": photo_labels()},
        },
    )
