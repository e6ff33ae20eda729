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

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from zhengzhi.campaigns.milestones import Line, Standing, percent
from zhengzhi.campaigns.models import Campaign, CampaignStatus, Frequency, ProgressReport
from zhengzhi.campaigns.rules import Rule, counting_from, counts, period_start, slots_of_period
from zhengzhi.campaigns.scope import visible_assignments, visible_tasks
from zhengzhi.org.scope import scope_for
from zhengzhi.workcal.calendar import WorkCalendar

ZERO = Decimal(0)
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


def _today_filter(tasks, day: dt.date) -> Q:
    by_freq: dict[str, list[int]] = defaultdict(list)
    for t in tasks:
        by_freq[t.frequency].append(t.pk)
    q = Q(pk__in=[])
    for freq, ids in by_freq.items():
        if freq == Frequency.NONE:
            continue
        start = period_start(Rule(freq), day)
        q |= Q(task_id__in=ids, period=start)
    return q


def _counting_filter(tasks, campaign: Campaign) -> Q:
    """The reports of slots that count: per group of tasks counting from the same moment (most
    tasks of a campaign share its start), the cut-offs after it."""
    by_since: dict[dt.datetime, list[int]] = defaultdict(list)
    for t in tasks:
        since = counting_from(t, campaign)
        if since is not None:
            by_since[since].append(t.pk)
    q = Q(pk__in=[])
    for since, ids in by_since.items():
        q |= Q(task_id__in=ids, cutoff_at__gt=since)
    return q


def _places(task) -> Decimal:
    """How finely the milestone line (序时进度) is shown: whole numbers for a target counted in
    whole structures, households..., hundredths otherwise."""
    values = [task.target, *(m.value for m in task.milestones.all())]
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
    cal = WorkCalendar.load()
    tasks = list(
        visible_tasks(user, campaign)
        .select_related("lead_unit", "phase")
        .prefetch_related("milestones")
        .order_by("order", "pk")
    )
    assignments = list(
        visible_assignments(user)
        .filter(task__campaign=campaign)
        .select_related("unit")
        .order_by("task_id", "unit__path")
    )
    by_task: dict[int, list] = defaultdict(list)
    for a in assignments:
        by_task[a.task_id].append(a)

    reports = ProgressReport.objects.filter(campaign=campaign, is_current=True, period__lte=day)
    scope = scope_for(user)
    if not scope.all_units:
        reports = reports.filter(assignment_id__in=[a.pk for a in assignments])
    today_q = _today_filter(tasks, day)
    slots_needed = min(max((Rule.of(t).slots_per_period for t in tasks), default=1), MAX_SLOTS)
    slot_counts = {f"s{i}": Count("id", filter=today_q & Q(slot=i)) for i in range(slots_needed)}
    figures = {
        row["assignment_id"]: row
        for row in reports.values("assignment_id")
        .order_by()
        .annotate(
            cumulative=Sum("figure"),
            today=Sum("figure", filter=today_q),
            late=Count("id", filter=today_q & Q(late=True) & _counting_filter(tasks, campaign)),
            **slot_counts,
        )
    }

    rows: list[TaskRow] = []
    late_by_unit: dict[str, int] = defaultdict(int)
    missing_by_unit: dict[str, list[str]] = defaultdict(list)
    standings: dict[str, int] = defaultdict(int)
    # In preparation nothing is measured against the line: no one is behind a plan not begun.
    started = campaign.status != CampaignStatus.DRAFT
    for task in tasks:
        rule = Rule.of(task)
        slots = [
            s
            for s in slots_of_period(rule, period_start(rule, day), cal)
            if task.frequency != Frequency.DAILY or s.period == day
        ]
        # A weekly, ten-day, monthly or quarterly slot is counted on the day of its cut-off only.
        if task.frequency != Frequency.DAILY:
            slots = [s for s in slots if timezone.localtime(s.cutoff_at).date() == day]
        if day < campaign.starts_on or day > campaign.ends_on:
            slots = []
        since = counting_from(task, campaign)
        due_slots = [s for s in slots if s.cutoff_at <= now and counts(s, since)]
        places = _places(task)
        line = Line.build(
            line_start(task, campaign),
            task.deadline,
            task.target,
            [(m.due_on, m.value) for m in task.milestones.all()],
        )
        row = TaskRow(
            task_id=task.pk,
            order=task.order,
            title=task.title,
            lead_unit=task.lead_unit.name,
            phase=task.phase.name if task.phase else "",
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
        for a in by_task.get(task.pk, []):
            f = figures.get(a.pk, {})
            scale = a.target / task.target if task.target else Decimal(1)
            unit_row = UnitRow(
                assignment_id=a.pk,
                unit_id=a.unit_id,
                unit_name=a.unit.name,
                target=a.target,
                today=f.get("today") or ZERO,
                cumulative=f.get("cumulative") or ZERO,
                late=f.get("late") or 0,
                due=len(due_slots),
            )
            unit_row.expected = (line.value(day) * scale).quantize(places, ROUND_HALF_UP)
            unit_row.percent = percent(unit_row.cumulative, a.target)
            unit_row.standing = (
                line.standing(day, unit_row.cumulative, scale) if started else Standing.NOT_STARTED
            )
            for s in due_slots:
                if f.get(f"s{s.index}", 0):
                    unit_row.reported += 1
                else:
                    label = timezone.localtime(s.cutoff_at).strftime("%H:%M")
                    unit_row.missing.append(label)
                    missing_by_unit[a.unit.name].append(f"{task.title} {label}")
            if unit_row.late:
                late_by_unit[a.unit.name] += unit_row.late
            row.units.append(unit_row)
            row.today += unit_row.today
            row.cumulative += unit_row.cumulative
            row.target += a.target
        if scope.all_units:
            row.target = task.target
        scale_all = row.target / task.target if task.target else Decimal(1)
        row.expected = (line.value(day) * scale_all).quantize(places, ROUND_HALF_UP)
        row.percent = percent(row.cumulative, row.target)
        row.standing = (
            line.standing(day, row.cumulative, scale_all) if started else Standing.NOT_STARTED
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
        sheet.series = burn_up(campaign, day, rows, reports)
    return sheet


def burn_up(campaign: Campaign, day: dt.date, rows: list[TaskRow], reports) -> dict[int, dict]:
    """Per task: dates, the cumulative figure at each date and the milestone line, from the
    campaign's start to the day. One GROUP BY (task, period)."""
    end = min(day, campaign.ends_on)
    if end < campaign.starts_on:
        return {}
    sums: dict[int, dict[dt.date, Decimal]] = defaultdict(dict)
    for task_id, period, total in (
        reports.values("task_id", "period")
        .order_by()
        .annotate(total=Sum("figure"))
        .values_list("task_id", "period", "total")
    ):
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
        running, actual = ZERO, []
        per_day = sums.get(row.task_id, {})
        for d in days:
            running += per_day.get(d, ZERO)
            actual.append(float(running))
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


def ledger_figures(campaign: Campaign, day: dt.date, *, user, now: dt.datetime) -> dict[str, int]:
    """The campaign's problems: new and closed on the day, overdue at the end of it (now, for
    today), open now and in all; scoped like the ledger list."""
    from zhengzhi.ledger.models import RUNNING_STATUSES, Status
    from zhengzhi.ledger.scope import visible_problems

    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()), tz)
    end = start + dt.timedelta(days=1)
    at = min(end, now)
    qs = (
        visible_problems(user)
        .filter(campaign_link__campaign=campaign)
        .exclude(status=Status.MERGED)
    )
    if at >= now:
        overdue = Q(status__in=RUNNING_STATUSES, due_at__lt=now)
    else:
        overdue = (
            Q(dispatched_at__lt=at, due_at__lt=at)
            & (Q(closed_at__isnull=True) | Q(closed_at__gte=at))
            & (Q(reported_back_at__isnull=True) | Q(reported_back_at__gte=at))
            & ~Q(status=Status.REJECTED)
        )
    return qs.aggregate(
        new=Count("id", filter=Q(reported_at__gte=start, reported_at__lt=end)),
        closed=Count("id", filter=Q(closed_at__gte=start, closed_at__lt=end)),
        overdue=Count("id", filter=overdue),
        total=Count("id", filter=Q(reported_at__lt=end)),
        closed_total=Count("id", filter=Q(closed_at__lt=end)),
    )
