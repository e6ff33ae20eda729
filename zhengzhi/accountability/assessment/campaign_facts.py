"""What the assessment reads of campaigns beyond the reports themselves, on campaigns' own
definitions (never counted again here):

- missing reports (缺报): the slots a unit owed in the month (campaigns.rules: the task's
  cadence, its cut-offs, only slots that count — after the later of the task's creation and
  the campaign being set under way, within the campaign's days, cut-off passed by now) for
  which no current report exists. A closed campaign still owed what fell due while it ran
  (its slots count as they did then), so closing it later does not wipe a month's misses.
- task progress: each assignment's standing on the dispatch sheet (campaigns.sheet.build_sheet,
  its milestone line 序时进度) on the month's last day — the campaign's end if it ended in the
  month, today for the month under way: ahead or on track counts as on schedule; behind does
  not; no target / not started is not measured.

Per month: one walk over the tasks' slots (their rules, a few hundred tasks at most), one
grouped query over the reports of the due slots, and one dispatch sheet per campaign.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Count, Q
from django.utils import timezone

ON_SCHEDULE = ("ahead", "on_track")
MEASURED = ("ahead", "on_track", "behind")


@dataclass(frozen=True)
class DueTask:
    task_id: int
    campaign_id: int
    title: str
    frequency: str
    since: dt.datetime
    slots: tuple  # campaigns.rules.Slot, due in the month


class _Everyone:
    """The assessment reads every unit's rows of a dispatch sheet, as the office does; who may
    see which unit's points is decided by the assessment's pages, not here."""

    is_authenticated = is_active = True

    def __init__(self):
        from zhengzhi.org.scope import Scope

        self._zz_scope = Scope(all_units=True, unit_ids=frozenset(), can_write=False)


def _campaigns(first: dt.date, last: dt.date):
    from zhengzhi.campaigns.models import Campaign, CampaignStatus

    return list(
        Campaign.objects.filter(starts_on__lte=last, ends_on__gte=first).exclude(
            status=CampaignStatus.DRAFT
        )
    )


def due_tasks(first: dt.date, last: dt.date, now: dt.datetime) -> list[DueTask]:
    """The tasks with slots due in the days [first, last], each with those slots."""
    from zhengzhi.campaigns.models import Frequency, Task
    from zhengzhi.campaigns.rules import Rule, counting_from, counts, slots_between
    from zhengzhi.workcal.calendar import WorkCalendar

    campaigns = {c.pk: c for c in _campaigns(first, last)}
    if not campaigns:
        return []
    tasks = list(
        Task.objects.filter(campaign_id__in=campaigns)
        .exclude(frequency=Frequency.NONE)
        .order_by("campaign_id", "order", "pk")
    )
    cal = WorkCalendar.load() if any(t.workdays_only for t in tasks) else WorkCalendar()
    out, by_rule = [], {}
    for task in tasks:
        campaign = campaigns[task.campaign_id]
        # A closed campaign's slots count as they did while it was under way.
        running = SimpleNamespace(
            status="active", started_at=campaign.started_at, starts_on=campaign.starts_on
        )
        since = counting_from(task, running)
        lo, hi = max(first, campaign.starts_on), min(last, campaign.ends_on)
        if lo > hi:
            continue
        rule = Rule.of(task)
        key = (rule, lo, hi)
        if key not in by_rule:
            by_rule[key] = slots_between(rule, lo, hi, cal)
        slots = tuple(
            s
            for s in by_rule[key]
            if counts(s, since)
            and s.cutoff_at <= now
            and lo <= timezone.localdate(s.cutoff_at) <= hi
        )
        if slots:
            out.append(DueTask(task.pk, task.campaign_id, task.title, task.frequency, since, slots))
    return out


def reported_q(tasks: list[DueTask], first: dt.date, last: dt.date) -> Q:
    """The current reports for the tasks' due slots: a report's cut-off is its slot's, so a
    current report of the task whose cut-off is in the month, after the task's counting began,
    and not after the last due one, is one due slot reported."""
    from zhengzhi.ledger.indicators.periods import day_start

    start, end = day_start(first), day_start(last + dt.timedelta(days=1))
    q = Q(pk__in=[])
    for t in tasks:
        q |= Q(task_id=t.task_id, cutoff_at__gt=t.since)
    last_due = max(s.cutoff_at for t in tasks for s in t.slots)
    return Q(is_current=True, cutoff_at__gte=start, cutoff_at__lt=end, cutoff_at__lte=last_due) & q


def missing_counts(
    first: dt.date, last: dt.date, now: dt.datetime, unit_ids: set[int] | None = None
) -> dict[int, int]:
    """{unit id: due slots with no current report} over the unit's assignments (the unit that
    holds the assignment; the street roll-up is the caller's)."""
    from zhengzhi.campaigns.models import Assignment, ProgressReport

    tasks = due_tasks(first, last, now)
    if not tasks:
        return {}
    due = {t.task_id: len(t.slots) for t in tasks}
    assignments = Assignment.objects.filter(task_id__in=due)
    reports = ProgressReport.objects.filter(reported_q(tasks, first, last))
    if unit_ids is not None:
        assignments = assignments.filter(unit_id__in=unit_ids)
        reports = reports.filter(unit_id__in=unit_ids)
    reported = dict(
        reports.values("assignment").annotate(n=Count("id")).values_list("assignment", "n")
    )
    out: dict[int, int] = defaultdict(int)
    for pk, unit_id, task_id in assignments.values_list("pk", "unit_id", "task_id"):
        missing = due[task_id] - reported.get(pk, 0)
        if missing > 0:
            out[unit_id] += missing
    return dict(out)


def missing_rows(first: dt.date, last: dt.date, now: dt.datetime, unit_ids: set[int]) -> list[dict]:
    """The missing slots of the units' assignments, one row each (for a unit's page): the
    campaign, the task, the slot as people name it, its cut-off and the unit."""
    from zhengzhi.campaigns.models import Assignment, ProgressReport
    from zhengzhi.campaigns.rules import slot_label

    tasks = due_tasks(first, last, now)
    if not tasks:
        return []
    by_task = {t.task_id: t for t in tasks}
    assignments = list(
        Assignment.objects.filter(task_id__in=by_task, unit_id__in=unit_ids).values_list(
            "pk", "unit_id", "unit__name", "task_id"
        )
    )
    done = set(
        ProgressReport.objects.filter(
            reported_q(tasks, first, last), assignment_id__in=[a[0] for a in assignments]
        ).values_list("assignment_id", "period", "slot")
    )
    rows = []
    for pk, unit_id, unit_name, task_id in assignments:
        t = by_task[task_id]
        for s in t.slots:
            if (pk, s.period, s.index) not in done:
                rows.append(
                    {
                        "campaign_id": t.campaign_id,
                        "task": t.title,
                        "slot": slot_label(t.frequency, s.period, s.cutoff_at, year=True),
                        "cutoff_at": s.cutoff_at,
                        "day": timezone.localdate(s.cutoff_at),
                        "unit": unit_name,
                        "unit_id": unit_id,
                        "assignment_id": pk,
                    }
                )
    rows.sort(key=lambda r: (r["cutoff_at"], r["task"], r["unit"]))
    return rows


def task_standings(first: dt.date, last: dt.date, now: dt.datetime) -> dict[int, dict[str, int]]:
    """{unit id: {"tasks_on_schedule": n, "tasks_measured": m}} from each campaign's dispatch
    sheet on the month's last day that counts (see the module's note)."""
    from zhengzhi.campaigns.sheet import build_sheet

    today = timezone.localdate(now)
    out: dict[int, dict[str, int]] = defaultdict(
        lambda: {"tasks_on_schedule": 0, "tasks_measured": 0}
    )
    everyone = _Everyone()
    for campaign in _campaigns(first, last):
        day = min(last, today, campaign.ends_on)
        if day < campaign.starts_on or day < first:
            continue
        sheet = build_sheet(campaign, day, user=everyone, now=now, with_series=False)
        for task in sheet.tasks:
            for u in task.units:
                if u.standing in MEASURED:
                    out[u.unit_id]["tasks_measured"] += 1
                    out[u.unit_id]["tasks_on_schedule"] += u.standing in ON_SCHEDULE
    return {k: dict(v) for k, v in out.items()}


def standing_days(first: dt.date, last: dt.date, now: dt.datetime) -> list[tuple[int, dt.date]]:
    """(campaign id, the day its sheet was read) of task_standings, for a page's links."""
    today = timezone.localdate(now)
    out = []
    for campaign in _campaigns(first, last):
        day = min(last, today, campaign.ends_on)
        if day >= campaign.starts_on and day >= first:
            out.append((campaign.pk, day))
    return out
