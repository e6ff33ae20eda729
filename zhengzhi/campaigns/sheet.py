"""The daily dispatch sheet (日调度) of a campaign for one day, built by aggregate queries.

One GROUP BY over the campaign's current reports up to the day gives, per reporting unit of a
task: the cumulative figure, the day's figure (the day for daily tasks, the week or month that
holds the day for weekly and monthly ones), how many of the day's reports came late, and how many
reports each slot of the day has; the missing slots follow from the task's rule without looking
at reports again. One more GROUP BY gives the burn-up series (per task and period), and one
aggregate the ledger's figures for the campaign. Python then walks the tasks and their units
(hundreds of rows), never the reports.

Only the slots that count (rules.counts) are missing or late: none while the campaign is not
under way, none whose cut-off passed before the task was created or the campaign started.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from zhengzhi.campaigns.milestones import Line, Standing, percent
from zhengzhi.campaigns.models import (
    Campaign,
    CampaignStatus,
    Frequency,
)
from zhengzhi.campaigns.rules import Rule, counting_from, counts, period_start, slots_of_period
from zhengzhi.campaigns.sheet_queries import (
    assignment_rows,
    burn_up_rows,
    ledger_figures,
    milestone_rows,
    report_figures,
    task_rows,
)
from zhengzhi.org.scope import scope_for
from zhengzhi.workcal.calendar import WorkCalendar

ZERO = Decimal(0)
# What the sheet reads of a task (its rule, its line, its row).
TASK_FIELDS = (
    "pk", "lead_unit_id", "order", "title", "measure", "figure_label", "frequency", "cutoffs",
    "report_weekday", "report_monthday", "workdays_only", "deadline", "target",
    "is_key_project", "budget_planned", "budget_spent", "created_at",
)  # fmt: skip
MAX_SLOTS = 6


def standing_label(standing: str) -> str:
    # A property, not an {% include %} per row: a county's sheet has 6,000 rows.
    return str(Standing(standing).label)


@dataclass
class UnitRow:
    assignment_id: int
    unit_id: int
    unit_name: str
    target: Decimal
    today: Decimal = ZERO
    cumulative: Decimal = ZERO
    percent: Decimal | None = None
    standing: str = Standing.NO_TARGET
    expected: Decimal = ZERO
    late: int = 0
    missing: list[str] = field(default_factory=list)  # cut-off times not reported
    reported: int = 0
    due: int = 0

    @property
    def standing_label(self) -> str:
        return standing_label(self.standing)

    @property
    def late_text(self) -> str:
        return late_text(self.late)

    @property
    def missing_text(self) -> str:
        """ "2 missing (due 11:00, 16:00)": the 缺报 column says what its figures mean."""
        n = len(self.missing)
        if not n:
            return ""
        return ngettext("%(n)s missing (due %(times)s)", "%(n)s missing (due %(times)s)", n) % {
            "n": n,
            "times": "、".join(self.missing),
        }


def late_text(n: int) -> str:
    return ngettext("%(n)s late", "%(n)s late", n) % {"n": n} if n else ""


def missing_count_text(n: int) -> str:
    return ngettext("%(n)s missing", "%(n)s missing", n) % {"n": n} if n else ""


@dataclass
class TaskRow:
    task_id: int
    order: int
    title: str
    lead_unit: str
    phase: str
    measure: str
    figure_label: str
    frequency: str
    cutoffs: list[str]
    deadline: dt.date
    target: Decimal
    is_key_project: bool
    budget_planned: Decimal | None
    budget_spent: Decimal | None
    units: list[UnitRow] = field(default_factory=list)
    today: Decimal = ZERO
    cumulative: Decimal = ZERO
    expected: Decimal = ZERO
    percent: Decimal | None = None
    standing: str = Standing.NO_TARGET
    line: Line | None = None

    @property
    def standing_label(self) -> str:
        return standing_label(self.standing)


@dataclass
class Sheet:
    campaign: Campaign
    day: dt.date
    now: dt.datetime
    tasks: list[TaskRow]
    late_units: list[tuple[str, int]]  # (unit, late reports today)
    missing_units: list[tuple[str, list[str]]]  # (unit, ["task 11:00", ...])
    ledger: dict[str, int]
    standings: dict[str, int]
    series: dict[int, dict] = field(default_factory=dict)  # burn-up per task

    @property
    def behind(self) -> list[TaskRow]:
        return [t for t in self.tasks if t.standing == Standing.BEHIND]

    @property
    def nothing_due(self) -> bool:
        """No unit owed a report by then that day (so "everyone reported on time" says nothing)."""
        return not any(u.due for t in self.tasks for u in t.units)

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localtime(self.now).date()

    @property
    def period_note(self) -> str:
        """What the figures of a day outside the campaign's period mean ("" within it)."""
        if self.before_start:
            return gettext(
                "This day is before the campaign starts (%(start)s): nothing was due yet, so "
                "every figure is zero and “on track” only means nothing was behind."
            ) % {"start": self.campaign.starts_on.isoformat()}
        if self.after_end:
            return gettext(
                "This day is after the campaign ended (%(end)s): no reports are due; the "
                "figures are the final totals, measured against the full targets."
            ) % {"end": self.campaign.ends_on.isoformat()}
        return ""

    @property
    def before_start(self) -> bool:
        return self.day < self.campaign.starts_on

    @property
    def after_end(self) -> bool:
        return self.day > self.campaign.ends_on


def _places(task, milestones: list[tuple[dt.date, Decimal]]) -> Decimal:
    """How finely the milestone line (序时进度) is shown: whole numbers for a target counted in
    whole structures, households..., hundredths otherwise."""
    values = [task.target, *(value for _due, value in milestones)]
    whole = all(v == v.to_integral_value() for v in values)
    return Decimal(1) if whole else Decimal("0.01")


def line_start(task, campaign) -> dt.date:
    """The first day the milestone line expects progress on: the campaign's start date; but if
    the campaign was started, or the task added, on or after that date, the day after (the day
    itself is not counted against anyone: a task added at 17:20 is not behind that evening)."""
    first = campaign.starts_on
    for moment in (campaign.started_at, getattr(task, "created_at", None)):
        if moment is not None:
            day = timezone.localdate(moment)
            if day >= campaign.starts_on:
                first = max(first, day + dt.timedelta(days=1))
    return min(first, task.deadline)


def build_sheet(
    campaign: Campaign,
    day: dt.date,
    *,
    user,
    now: dt.datetime | None = None,
    with_series: bool = True,
) -> Sheet:
    now = now or timezone.now()
    # Tasks, milestones and assignments as plain rows, not model instances: a county's sheet
    # has 6,000 assignments, and the wide task rows cost more to build than to read.
    tasks = task_rows(user, campaign, TASK_FIELDS)
    milestones: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for task_id, due_on, value in milestone_rows([t.pk for t in tasks]):
        milestones[task_id].append((due_on, value))
    by_task: dict[int, list[tuple[int, int, str, Decimal]]] = defaultdict(list)
    assignment_ids = []
    for pk, task_id, unit_id, unit_name, target in assignment_rows(user, tasks):
        by_task[task_id].append((pk, unit_id, unit_name, target))
        assignment_ids.append(pk)
    # The office's working days matter only to a task that reports on working days.
    cal = WorkCalendar.load() if any(t.workdays_only for t in tasks) else WorkCalendar()

    scope = scope_for(user)
    rules = {t.pk: Rule.of(t) for t in tasks}
    since_of = {t.pk: counting_from(t, campaign) for t in tasks}
    slots_needed = min(max((r.slots_per_period for r in rules.values()), default=1), MAX_SLOTS)
    figures = report_figures(
        campaign.pk,
        day,
        tasks,
        since_of,
        slots=slots_needed,
        assignment_ids=None if scope.all_units else assignment_ids,
    )

    rows: list[TaskRow] = []
    late_by_unit: dict[str, int] = defaultdict(int)
    missing_by_unit: dict[str, list[str]] = defaultdict(list)
    standings: dict[str, int] = defaultdict(int)
    # In preparation nothing is measured against the line: no one is behind a plan not begun.
    started = campaign.status != CampaignStatus.DRAFT
    outside = day < campaign.starts_on or day > campaign.ends_on
    slots_of_rule: dict[Rule, list] = {}
    for task in tasks:
        rule = rules[task.pk]
        # Most tasks of a campaign share a rule: their slots are worked out once.
        if outside:
            slots = []
        elif rule in slots_of_rule:
            slots = slots_of_rule[rule]
        else:
            slots = slots_of_rule[rule] = _slots_on(rule, day, cal)
        since = since_of[task.pk]
        # (slot index, its cut-off as people read it) of the slots due by now.
        due = [
            (s.index, timezone.localtime(s.cutoff_at).strftime("%H:%M"))
            for s in slots
            if s.cutoff_at <= now and counts(s, since)
        ]
        task_milestones = milestones.get(task.pk, [])
        places = _places(task, task_milestones)
        line = Line.build(line_start(task, campaign), task.deadline, task.target, task_milestones)
        expected_today = line.value(day)
        row = TaskRow(
            task_id=task.pk,
            order=task.order,
            title=task.title,
            lead_unit=task.lead_unit_name,
            phase=task.phase_name or "",
            measure=task.measure,
            figure_label=task.figure_label,
            frequency=task.frequency,
            cutoffs=list(task.cutoffs),
            deadline=task.deadline,
            target=ZERO,
            is_key_project=task.is_key_project,
            budget_planned=task.budget_planned,
            budget_spent=task.budget_spent,
            line=line,
        )
        for pk, unit_id, unit_name, target in by_task.get(task.pk, []):
            f = figures.get(pk, {})
            scale = target / task.target if task.target else Decimal(1)
            unit_row = UnitRow(
                assignment_id=pk,
                unit_id=unit_id,
                unit_name=unit_name,
                target=target,
                today=f.get("today") or ZERO,
                cumulative=f.get("cumulative") or ZERO,
                late=f.get("late") or 0,
                due=len(due),
            )
            unit_row.expected = (expected_today * scale).quantize(places, ROUND_HALF_UP)
            unit_row.percent = percent(unit_row.cumulative, target)
            unit_row.standing = (
                line.standing(day, unit_row.cumulative, scale, expected=expected_today)
                if started
                else Standing.NOT_STARTED
            )
            for index, label in due:
                if f.get(f"s{index}", 0):
                    unit_row.reported += 1
                else:
                    unit_row.missing.append(label)
                    missing_by_unit[unit_name].append(f"{task.title} {label}")
            if unit_row.late:
                late_by_unit[unit_name] += unit_row.late
            row.units.append(unit_row)
            row.today += unit_row.today
            row.cumulative += unit_row.cumulative
            row.target += target
        if scope.all_units:
            row.target = task.target
        scale_all = row.target / task.target if task.target else Decimal(1)
        row.expected = (expected_today * scale_all).quantize(places, ROUND_HALF_UP)
        row.percent = percent(row.cumulative, row.target)
        row.standing = (
            line.standing(day, row.cumulative, scale_all, expected=expected_today)
            if started
            else Standing.NOT_STARTED
        )
        standings[row.standing] += 1
        rows.append(row)

    sheet = Sheet(
        campaign=campaign,
        day=day,
        now=now,
        tasks=rows,
        late_units=sorted(late_by_unit.items()),
        missing_units=sorted(missing_by_unit.items()),
        ledger=ledger_figures(campaign, day, user=user, now=now),
        standings=dict(standings),
    )
    if with_series:
        sheet.series = burn_up(campaign, day, rows, None if scope.all_units else assignment_ids)
    return sheet


def _slots_on(rule: Rule, day: dt.date, cal: WorkCalendar) -> list:
    """The task's slots counted on the day: a daily task's of that day; a weekly, ten-day,
    monthly or quarterly slot on the day of its cut-off only."""
    slots = slots_of_period(rule, period_start(rule, day), cal)
    if rule.frequency == Frequency.DAILY:
        return [s for s in slots if s.period == day]
    return [s for s in slots if timezone.localtime(s.cutoff_at).date() == day]


def burn_up(
    campaign: Campaign, day: dt.date, rows: list[TaskRow], assignment_ids: list[int] | None
) -> dict[int, dict]:
    """Per task: dates, the cumulative figure at each date and the milestone line, from the
    campaign's start to the day, over the reports of the given assignments (None: all). One
    GROUP BY (task, period)."""
    end = min(day, campaign.ends_on)
    if end < campaign.starts_on:
        return {}
    sums: dict[int, dict[dt.date, Decimal]] = defaultdict(dict)
    for task_id, period, total in burn_up_rows(campaign.pk, day, assignment_ids):
        sums[task_id][period] = total
    days = [
        campaign.starts_on + dt.timedelta(days=i)
        for i in range((end - campaign.starts_on).days + 1)
    ]
    deadline_days = [
        campaign.starts_on + dt.timedelta(days=i)
        for i in range((campaign.ends_on - campaign.starts_on).days + 1)
    ]
    dates = [d.isoformat() for d in deadline_days]
    out = {}
    for row in rows:
        scale = row.target / row.line.target if row.line and row.line.target else Decimal(1)
        per_day = sums.get(row.task_id, {})
        actual = [float(total) for total in accumulate(per_day.get(d, ZERO) for d in days)]
        line = row.line.chart(deadline_days, float(scale)) if row.line else []
        out[row.task_id] = {
            "title": row.title,
            "measure": row.measure,
            "dates": dates,
            "actual": actual,
            "line": line,
            "target": float(row.target),
        }
    return out
