"""Tasks: create and change them, their reporting units with their targets, their milestones
and, for key projects, their budget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import changes, record
from zhengzhi.campaigns.models import Assignment, Frequency, Milestone, Task
from zhengzhi.campaigns.rules import RuleError, parse_cutoffs
from zhengzhi.campaigns.services.campaigns import lock_campaign, require_manager
from zhengzhi.campaigns.services.errors import CampaignError, Stale
from zhengzhi.org.models import Unit

TASK_FIELDS = [
    "title",
    "content",
    "phase_id",
    "lead_unit_id",
    "owner",
    "leader_in_charge",
    "duty",
    "staff",
    "schedule",
    "deadline",
    "target",
    "measure",
    "figure_label",
    "is_key_project",
    "budget_planned",
    "budget_spent",
    "frequency",
    "cutoffs",
    "report_weekday",
    "report_monthday",
    "workdays_only",
]
MAX_FIGURE = Decimal("9999999999")
# (date, cumulative value) or (date, cumulative value, note)
MilestonePoint = tuple[dt.date, Decimal] | tuple[dt.date, Decimal, str]


def optional_amount(value, what) -> Decimal | None:
    return None if value in (None, "") else amount(value, what)


def amount(value, what) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise CampaignError(_("%(what)s must be a number.") % {"what": what}, "invalid") from None
    if not number.is_finite() or number < 0 or number > MAX_FIGURE:
        raise CampaignError(
            _("%(what)s must be a number from 0 to 9,999,999,999.") % {"what": what}, "invalid"
        )
    return number.quantize(Decimal("0.01"))


@dataclass
class TaskData:
    title: str
    lead_unit: Unit
    deadline: dt.date
    content: str = ""
    phase_id: int | None = None
    supporting_unit_ids: list[int] = field(default_factory=list)
    owner: str = ""
    leader_in_charge: str = ""
    duty: str = ""
    staff: str = ""
    schedule: str = ""
    target: Decimal = Decimal(0)
    measure: str = ""
    figure_label: str = ""
    is_key_project: bool = False
    budget_planned: Decimal | None = None
    budget_spent: Decimal | None = None
    frequency: str = Frequency.DAILY
    cutoffs: list[str] = field(default_factory=lambda: ["11:00", "16:00"])
    report_weekday: int = 4
    report_monthday: int = 25
    workdays_only: bool = False
    # (unit, target) of each reporting unit; empty: the lead unit reports the whole target.
    assignments: list[tuple[Unit, Decimal]] = field(default_factory=list)
    milestones: Sequence[MilestonePoint] = field(default_factory=list)


def _check_task(task: Task, campaign) -> None:
    if not task.title.strip():
        raise CampaignError(_("Give the task a title."), "invalid", "title")
    if task.deadline < campaign.starts_on or task.deadline > campaign.ends_on:
        raise CampaignError(
            _("The deadline must fall within the campaign (%(start)s to %(end)s).")
            % {"start": campaign.starts_on, "end": campaign.ends_on},
            "invalid",
            "deadline",
        )
    if task.frequency not in Frequency.values:
        raise CampaignError(_("Unknown reporting rule."), "invalid", "frequency")
    try:
        times = parse_cutoffs(task.cutoffs)
    except RuleError as exc:
        raise CampaignError(exc.message, "invalid", "cutoffs") from None
    if task.frequency == Frequency.DAILY and not times:
        raise CampaignError(
            _("A daily report needs at least one cut-off time."), "invalid", "cutoffs"
        )
    if len(times) > 6:
        raise CampaignError(_("Six cut-off times a day at most."), "invalid", "cutoffs")
    task.cutoffs = [t.strftime("%H:%M") for t in times]
    if not 0 <= task.report_weekday <= 6 or not 1 <= task.report_monthday <= 31:
        raise CampaignError(_("Unknown day for the cut-off."), "invalid", "frequency")
    task.target = amount(task.target, _("The target"))
    task.budget_planned = optional_amount(task.budget_planned, _("The budget"))
    task.budget_spent = optional_amount(task.budget_spent, _("The budget spent"))
    if task.phase_id is not None and not campaign.phases.filter(pk=task.phase_id).exists():
        raise CampaignError(_("That phase is not one of this campaign's."), "invalid", "phase")
    if not task.lead_unit.is_active:
        raise CampaignError(_("The lead unit is no longer active."), "invalid", "lead_unit")


@transaction.atomic
def create_task(campaign_id: int, data: TaskData, *, actor, request=None, audit=True) -> Task:
    require_manager(actor)
    campaign = lock_campaign(campaign_id)
    order = campaign.tasks.count()
    task = Task(
        campaign=campaign,
        order=order,
        **{name: getattr(data, name) for name in TASK_FIELDS if name != "lead_unit_id"},
        lead_unit=data.lead_unit,
    )
    task.title = task.title.strip()
    _check_task(task, campaign)
    task.save()
    if data.supporting_unit_ids:
        task.supporting_units.set(Unit.objects.filter(pk__in=data.supporting_unit_ids))
    assignments = data.assignments or [(data.lead_unit, task.target)]
    _write_assignments(task, assignments)
    _write_milestones(task, campaign, data.milestones)
    if audit:
        record(
            "campaign.task.create",
            actor=actor,
            obj=task,
            request=request,
            data={
                "campaign": campaign.pk,
                "lead_unit": task.lead_unit_id,
                "target": str(task.target),
                "units": [u.pk for u, _t in assignments],
            },
        )
    return task


def lock_task(task_id: int, version: int | None = None) -> Task:
    try:
        task = Task.objects.select_for_update().select_related("campaign").get(pk=task_id)
    except Task.DoesNotExist:
        raise CampaignError(_("There is no such task."), "not_found") from None
    if version is not None and task.version != version:
        raise Stale()
    return task


@transaction.atomic
def update_task(task_id: int, values: dict[str, Any], *, actor, version: int, request=None) -> Task:
    require_manager(actor)
    task = lock_task(task_id, version)
    before = {f: getattr(task, f) for f in TASK_FIELDS}
    for name in TASK_FIELDS:
        if name in values:
            setattr(task, name, values[name])
    if "lead_unit_id" in values:
        task.lead_unit = Unit.objects.get(pk=values["lead_unit_id"])
    _check_task(task, task.campaign)
    _check_milestones_fit(task)
    diff = changes(task, before, TASK_FIELDS)
    if "supporting_unit_ids" in values:
        old = sorted(task.supporting_units.values_list("pk", flat=True))
        new = sorted(set(values["supporting_unit_ids"]))
        if old != new:
            task.supporting_units.set(Unit.objects.filter(pk__in=new))
            diff["supporting_units"] = [old, new]
    if not diff:
        return task
    task.version += 1
    task.save()
    record("campaign.task.update", actor=actor, obj=task, request=request, data=diff)
    return task


def _check_milestones_fit(task: Task) -> None:
    """A new deadline or target must still hold the milestones (change those first)."""
    if task.milestones.filter(due_on__gt=task.deadline).exists():
        raise CampaignError(
            _("A milestone falls after the new deadline: change the milestones first."),
            "invalid",
            "deadline",
        )
    if task.milestones.filter(value__gt=task.target).exists():
        raise CampaignError(
            _("A milestone is above the new target: change the milestones first."),
            "invalid",
            "target",
        )


def _write_assignments(task: Task, assignments: list[tuple[Unit, Decimal]]) -> None:
    seen = set()
    rows = []
    for unit, target in assignments:
        if unit.pk in seen:
            raise CampaignError(
                _("%(unit)s is listed twice.") % {"unit": unit.name}, "invalid", "units"
            )
        seen.add(unit.pk)
        rows.append(Assignment(task=task, unit=unit, target=amount(target, _("A unit's target"))))
    Assignment.objects.bulk_create(rows)


@transaction.atomic
def set_assignments(
    task_id: int,
    assignments: list[tuple[Unit, Decimal]],
    *,
    actor,
    version: int | None = None,
    request=None,
) -> Task:
    """The reporting units and their targets. A unit that has reported already stays (its
    reports are its history); its target may change."""
    require_manager(actor)
    task = lock_task(task_id, version)
    if not assignments:
        raise CampaignError(_("At least one unit reports on a task."), "invalid", "units")
    wanted = {}
    for unit, target in assignments:
        if unit.pk in wanted:
            raise CampaignError(
                _("%(unit)s is listed twice.") % {"unit": unit.name}, "invalid", "units"
            )
        wanted[unit.pk] = amount(target, _("A unit's target"))
    current = {a.unit_id: a for a in task.assignments.all()}
    for unit_id, assignment in current.items():
        if unit_id not in wanted:
            if assignment.reports.exists():
                raise CampaignError(
                    _("%(unit)s has reported on this task already and stays on it.")
                    % {"unit": assignment.unit.name},
                    "invalid",
                    "units",
                )
            assignment.delete()
        elif assignment.target != wanted[unit_id]:
            assignment.target = wanted[unit_id]
            assignment.save(update_fields=["target"])
    Assignment.objects.bulk_create(
        [Assignment(task=task, unit_id=u, target=t) for u, t in wanted.items() if u not in current]
    )
    task.version += 1
    task.save(update_fields=["version"])
    record(
        "campaign.task.units",
        actor=actor,
        obj=task,
        request=request,
        data={"units": {str(u): str(t) for u, t in wanted.items()}},
    )
    return task


def _write_milestones(task: Task, campaign, milestones: Sequence[MilestonePoint]) -> None:
    rows, last_day, last_value = [], None, Decimal(0)
    for point in sorted(milestones, key=lambda m: m[0]):
        day, value = point[0], amount(point[1], _("A milestone"))
        note = str(point[2]).strip() if len(point) > 2 else ""
        if day < campaign.starts_on or day > task.deadline:
            raise CampaignError(
                _("Milestone %(day)s lies outside the task (from the campaign's start to the "
                  "deadline).") % {"day": day},
                "invalid",
                "milestones",
            )  # fmt: skip
        if day == last_day:
            raise CampaignError(_("Two milestones on one day."), "invalid", "milestones")
        if value < last_value:
            raise CampaignError(
                _("Milestones are cumulative: each is at least the one before."),
                "invalid",
                "milestones",
            )
        if value > task.target:
            raise CampaignError(
                _("A milestone is above the task's target."), "invalid", "milestones"
            )
        if len(note) > 120:
            raise CampaignError(
                _("A milestone's note is 120 characters at most."), "invalid", "milestones"
            )
        rows.append(Milestone(task=task, due_on=day, value=value, note=note))
        last_day, last_value = day, value
    Milestone.objects.bulk_create(rows)


@transaction.atomic
def set_milestones(
    task_id: int,
    milestones: Sequence[MilestonePoint],
    *,
    actor,
    version: int | None = None,
    request=None,
) -> Task:
    require_manager(actor)
    task = lock_task(task_id, version)
    task.milestones.all().delete()
    _write_milestones(task, task.campaign, milestones)
    task.version += 1
    task.save(update_fields=["version"])
    record(
        "campaign.task.milestones",
        actor=actor,
        obj=task,
        request=request,
        data={
            "milestones": [
                [m[0].isoformat(), str(m[1]), *m[2:]]
                for m in sorted(milestones, key=lambda m: m[0])
            ]
        },
    )
    return task
