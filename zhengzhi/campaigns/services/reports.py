"""Progress reports: a unit submits its figure for a slot; a correction keeps the old row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import record
from zhengzhi.campaigns.models import Assignment, CampaignStatus, Frequency, ProgressReport
from zhengzhi.campaigns.rules import (
    Rule,
    Slot,
    counting_from,
    counts,
    open_slot,
    period_start,
    slot_for,
)
from zhengzhi.campaigns.scope import reportable_assignments
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.campaigns.services.tasks import amount
from zhengzhi.workcal.calendar import WorkCalendar

MAX_TEXT = 2000


def _lock_assignment(assignment_id: int, actor) -> Assignment:
    try:
        return (
            reportable_assignments(actor)
            .select_for_update(of=("self",))
            .select_related("task", "task__campaign", "unit")
            .get(pk=assignment_id)
        )
    except Assignment.DoesNotExist:
        raise CampaignError(_("There is no such task for your unit."), "not_found") from None


def span(assignment: Assignment) -> tuple[dt.date, dt.date]:
    campaign = assignment.task.campaign
    return campaign.starts_on, campaign.ends_on


def resolve_slot(
    assignment: Assignment,
    period: dt.date | None,
    index: int | None,
    now: dt.datetime,
    cal: WorkCalendar,
) -> Slot:
    task = assignment.task
    rule = Rule.of(task)
    if task.frequency == Frequency.NONE:
        raise CampaignError(_("This task takes no progress reports."), "invalid")
    first, last = span(assignment)
    if period is None:
        slot = open_slot(rule, now, (first, last), cal)
        if slot is None:
            raise CampaignError(_("No reporting slot is open for this task."), "invalid", "slot")
        return slot
    slot = slot_for(rule, period, index or 0, cal)
    if slot is None:
        raise CampaignError(_("There is no report due for that day and time."), "invalid", "slot")
    if slot.period > last or period_start(rule, first) > slot.period:
        raise CampaignError(_("That day lies outside the campaign."), "invalid", "slot")
    today = timezone.localtime(now).date()
    # A unit may report early for the next open slot (the next cut-off still ahead, its period
    # perhaps tomorrow); no later slot of a period still to come.
    if slot.period > period_start(rule, today) and slot != open_slot(rule, now, (first, last), cal):
        raise CampaignError(_("You cannot report for a day still to come."), "invalid", "slot")
    return slot


def _clean(figure, text: str, task) -> tuple[Decimal, str]:
    value = amount(figure, _("The figure"))
    if task.countable and value != value.to_integral_value():
        raise CampaignError(
            _("The figure counts %(measure)s: give a whole number.") % {"measure": task.measure},
            "invalid",
            "figure",
        )
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise CampaignError(_("The text is too long (2,000 characters at most)."), "invalid")
    return value, text


def _attach(photo_ids, report: ProgressReport, actor) -> list[str]:
    if not photo_ids:
        return []
    from zhengzhi.files.services import attach_files

    try:
        files = attach_files(photo_ids, report, user=actor, purpose="progress")
    except ValidationError as exc:
        raise CampaignError(exc.messages[0], "invalid", "photos") from None
    return [str(f.pk) for f in files]


@transaction.atomic
def submit_report(
    assignment_id: int,
    *,
    actor,
    figure,
    text: str = "",
    period: dt.date | None = None,
    slot: int | None = None,
    photo_ids=None,
    now: dt.datetime | None = None,
    request=None,
) -> ProgressReport:
    """The figure for one slot (the open one unless period and slot are given). A slot already
    reported is corrected with correct_report, never overwritten. A slot that was never due
    (rules.counts) is still taken: a unit may fill in what it did before."""
    now = now or timezone.now()
    assignment = _lock_assignment(assignment_id, actor)
    campaign = assignment.task.campaign
    if campaign.status != CampaignStatus.ACTIVE:
        raise CampaignError(_("The campaign is not under way: no reports now."), "not_allowed")
    value, text = _clean(figure, text, assignment.task)
    target = resolve_slot(assignment, period, slot, now, WorkCalendar.load())
    existing = ProgressReport.objects.filter(
        assignment=assignment, period=target.period, slot=target.index, is_current=True
    ).first()
    if existing is not None:
        raise CampaignError(
            _("This slot is reported already: correct that report instead."), "exists", "slot"
        )
    report = ProgressReport.objects.create(
        assignment=assignment,
        campaign=campaign,
        task=assignment.task,
        unit=assignment.unit,
        period=target.period,
        slot=target.index,
        cutoff_at=target.cutoff_at,
        figure=value,
        text=text,
        submitted_at=now,
        submitted_by=actor,
        # A slot whose cut-off passed before it was due (the task added later, the campaign
        # started later) may be filled in, and is not late.
        late=now > target.cutoff_at and counts(target, counting_from(assignment.task, campaign)),
    )
    photos = _attach(photo_ids, report, actor)
    record(
        "campaign.report.submit",
        actor=actor,
        obj=report,
        unit_id=report.unit_id,
        request=request,
        data={
            "task": assignment.task_id,
            "period": target.period.isoformat(),
            "slot": target.index,
            "figure": str(value),
            "late": report.late,
            "photos": photos,
        },
    )
    return report


@transaction.atomic
def correct_report(
    report_id: int,
    *,
    actor,
    figure,
    text: str | None = None,
    reason: str,
    photo_ids=None,
    now: dt.datetime | None = None,
    request=None,
) -> ProgressReport:
    """A new current row for the same slot; the old row stays, no longer current. The
    correction keeps the lateness of the report it corrects."""
    now = now or timezone.now()
    try:
        old = ProgressReport.objects.select_for_update().get(pk=report_id)
    except ProgressReport.DoesNotExist:
        raise CampaignError(_("There is no such report."), "not_found") from None
    assignment = _lock_assignment(old.assignment_id, actor)
    if not old.is_current:
        raise CampaignError(
            _("This report has been corrected already: correct the latest one."), "stale"
        )
    if assignment.task.campaign.status != CampaignStatus.ACTIVE:
        raise CampaignError(_("The campaign is not under way: no reports now."), "not_allowed")
    reason = (reason or "").strip()
    if not reason:
        raise CampaignError(_("Say why the figure is corrected."), "invalid", "reason")
    value, new_text = _clean(figure, old.text if text is None else text, assignment.task)
    old.is_current = False
    old.save(update_fields=["is_current"])
    report = ProgressReport.objects.create(
        assignment=assignment,
        campaign_id=old.campaign_id,
        task_id=old.task_id,
        unit_id=old.unit_id,
        period=old.period,
        slot=old.slot,
        cutoff_at=old.cutoff_at,
        figure=value,
        text=new_text,
        submitted_at=now,
        submitted_by=actor,
        late=old.late,
        replaces=old,
        reason=reason[:200],
    )
    photos = _attach(photo_ids, report, actor)
    record(
        "campaign.report.correct",
        actor=actor,
        obj=report,
        unit_id=report.unit_id,
        request=request,
        data={
            "replaces": old.pk,
            "figure": [str(old.figure), str(value)],
            "reason": reason[:200],
            "photos": photos,
        },
    )
    return report


def history(report: ProgressReport) -> list[ProgressReport]:
    """The report and every row it corrected, newest first."""
    rows, seen = [], set()
    current: ProgressReport | None = report
    while current is not None and current.pk not in seen:
        rows.append(current)
        seen.add(current.pk)
        current = current.replaces
    return rows
