"""Reporting rules: when a task's reports are due (its slots), which slot a report goes to, and
whether it came late.

A slot is one cut-off of one reporting period:
- daily: every day of the task's span (only working days with `workdays_only`), one slot per
  cut-off time in the order given. A time not later than the one before it falls on the next
  day: ["20:00", "01:00"] is 20:00 on the day and 01:00 the night after, both reporting on the
  day ("across midnight"). The cut-offs of one day must fit within 24 hours.
- weekly: the week from Monday; one slot at `report_weekday` (0 = Monday) at the first cut-off
  time (16:00 when none is given).
- tenday (旬报): the ten days 1–10 (上旬), 11–20 (中旬) and 21 to the month's end (下旬: 8 to
  11 days); one slot on the period's last day at the first cut-off time.
- monthly: the month; one slot on `report_monthday` (the last day in a shorter month).
- quarterly (季报, 季总结): the quarter from January, April, July or October; one slot on
  `report_monthday` of the quarter's last month (the last day in a shorter month).
With `workdays_only`, a weekly, ten-day, monthly or quarterly cut-off that falls on a holiday or a
rest day moves to the next working day (顺延), on the working calendar with its adjusted weekends
(workcal).

A slot counts (is due: missing when not reported, late when reported after its cut-off, offered
on the report form, listed on the sheet and by the worker) only while the campaign is under way,
and only when its cut-off falls after the later of the task's creation and the moment the
campaign was set under way (counting_from): a campaign in preparation owes nothing, and a task
added at 17:20 owes nothing for the day's 11:00 and 16:00. A report for an earlier slot is still
taken (a unit may fill in what it did), and is not late.

A report is late when it is first submitted after the cut-off of a slot that counts; a
correction keeps the lateness of the report it corrects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.workcal.calendar import WorkCalendar

DEFAULT_TIME = dt.time(16, 0)
DAY = dt.timedelta(days=1)


class RuleError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Rule:
    frequency: str  # daily / weekly / tenday / monthly / quarterly / none
    cutoffs: tuple[dt.time, ...] = ()
    weekday: int = 4
    monthday: int = 25
    workdays_only: bool = False

    @classmethod
    def of(cls, task) -> Rule:
        return cls(
            frequency=task.frequency,
            cutoffs=parse_cutoffs(task.cutoffs),
            weekday=task.report_weekday,
            monthday=task.report_monthday,
            workdays_only=task.workdays_only,
        )

    @property
    def slots_per_period(self) -> int:
        if self.frequency == "none":
            return 0
        if self.frequency == "daily":
            return max(1, len(self.cutoffs))
        return 1


@dataclass(frozen=True)
class Slot:
    period: dt.date
    index: int
    cutoff_at: dt.datetime  # aware

    @property
    def key(self) -> str:
        return f"{self.period.isoformat()}#{self.index}"


def parse_cutoffs(values) -> tuple[dt.time, ...]:
    """["11:00", "16:00"] -> times; refuses a list that does not fit in one day."""
    times = []
    for value in values or ():
        if isinstance(value, dt.time):
            times.append(value)
            continue
        try:
            times.append(dt.time.fromisoformat(str(value).strip()))
        except ValueError:
            raise RuleError(
                _("“%(value)s” is not a time of day (HH:MM).") % {"value": value}
            ) from None
    offsets = _offsets(tuple(times))
    if offsets and offsets[-1] - offsets[0] >= dt.timedelta(days=1):
        raise RuleError(_("The cut-off times of one day must fit within 24 hours."))
    return tuple(times)


def _offsets(times: tuple[dt.time, ...]) -> list[dt.timedelta]:
    """Each cut-off as time after the period day's midnight, rolling over midnight when a time
    is not later than the one before it."""
    out, days = [], 0
    for i, t in enumerate(times):
        if i and t <= times[i - 1]:
            days += 1
        out.append(dt.timedelta(days=days, hours=t.hour, minutes=t.minute))
    return out


def _aware(naive: dt.datetime) -> dt.datetime:
    return timezone.make_aware(naive, timezone.get_current_timezone())


def _next_month(day: dt.date) -> dt.date:
    """The first of the month after day's."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def period_start(rule: Rule, day: dt.date) -> dt.date:
    if rule.frequency == "weekly":
        return day - dt.timedelta(days=day.weekday())
    if rule.frequency == "tenday":
        return day.replace(day=min((day.day - 1) // 10, 2) * 10 + 1)
    if rule.frequency == "monthly":
        return day.replace(day=1)
    if rule.frequency == "quarterly":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day


def _next_period(rule: Rule, start: dt.date) -> dt.date:
    if rule.frequency == "weekly":
        return start + dt.timedelta(days=7)
    if rule.frequency == "tenday":
        return start + dt.timedelta(days=10) if start.day < 21 else _next_month(start)
    if rule.frequency == "monthly":
        return _next_month(start)
    if rule.frequency == "quarterly":
        return _next_month(_next_month(_next_month(start)))
    return start + DAY


def period_end(rule: Rule, start: dt.date) -> dt.date:
    """The last day of the period beginning `start`."""
    return _next_period(rule, start) - DAY


def slots_of_period(rule: Rule, start: dt.date, cal: WorkCalendar) -> list[Slot]:
    """The slots of the period beginning `start` (none on a rest day for workdays_only)."""
    if rule.frequency == "none":
        return []
    if rule.frequency == "daily":
        if rule.workdays_only and not cal.is_workday(start):
            return []
        times = rule.cutoffs or (DEFAULT_TIME,)
        midnight = dt.datetime.combine(start, dt.time())
        return [Slot(start, i, _aware(midnight + off)) for i, off in enumerate(_offsets(times))]
    time = rule.cutoffs[0] if rule.cutoffs else DEFAULT_TIME
    last = period_end(rule, start)
    if rule.frequency == "weekly":
        day = start + dt.timedelta(days=min(max(rule.weekday, 0), 6))
    elif rule.frequency == "tenday":
        day = last
    else:  # monthly, or quarterly in the quarter's last month
        day = last.replace(day=min(max(rule.monthday, 1), last.day))
    if rule.workdays_only:
        day = cal.next_workday(day)
    return [Slot(start, 0, _aware(dt.datetime.combine(day, time)))]


def slots_between(rule: Rule, first: dt.date, last: dt.date, cal: WorkCalendar) -> list[Slot]:
    """Every slot of the periods that begin or contain days from `first` to `last`."""
    out: list[Slot] = []
    start = period_start(rule, first)
    while start <= last and rule.frequency != "none":
        out.extend(slots_of_period(rule, start, cal))
        start = _next_period(rule, start)
    return out


def slot_for(rule: Rule, period: dt.date, index: int, cal: WorkCalendar) -> Slot | None:
    for slot in slots_of_period(rule, period_start(rule, period), cal):
        if slot.index == index:
            return slot
    return None


def open_slot(
    rule: Rule, now: dt.datetime, span: tuple[dt.date, dt.date], cal: WorkCalendar
) -> Slot | None:
    """The slot a report made now goes to by default: the first whose cut-off is still ahead,
    within the task's span (a cut-off after midnight still belongs to the day before)."""
    today = timezone.localtime(now).date()
    first = max(span[0], today - DAY)
    last = min(span[1], today + dt.timedelta(days=40))
    for slot in slots_between(rule, first, last, cal):
        if slot.cutoff_at >= now:
            return slot
    return None


def counting_from(task, campaign=None) -> dt.datetime | None:
    """The moment after which the task's cut-offs count; None while the campaign is not under
    way (nothing is due then). A campaign started before the start was kept (started_at empty)
    counts from the beginning of its start date."""
    campaign = campaign or task.campaign
    if campaign.status != "active":
        return None
    start = campaign.started_at or _aware(dt.datetime.combine(campaign.starts_on, dt.time()))
    created = getattr(task, "created_at", None)
    return max(start, created) if created is not None else start


def counts(slot: Slot, since: dt.datetime | None) -> bool:
    """Whether a slot is due, given counting_from of its task."""
    return since is not None and slot.cutoff_at > since


def is_late(slot_cutoff: dt.datetime, submitted_at: dt.datetime) -> bool:
    return submitted_at > slot_cutoff


def slot_label(frequency: str, period: dt.date, cutoff_at: dt.datetime, *, year=False) -> str:
    """A slot as people name it: the day and its cut-off time ("11-24 16:00"; a cut-off after
    midnight "11-24 次日01:00"), the week ("11-23～11-29"), the ten days ("2026-11 下旬"), the
    month ("2026-11") or the quarter ("2026年第4季度")."""
    fmt = "%Y-%m-%d" if year else "%m-%d"
    if frequency == "weekly":
        return f"{period.strftime(fmt)}～{(period + dt.timedelta(days=6)).strftime('%m-%d')}"
    if frequency == "tenday":
        names = (_("first ten days"), _("middle ten days"), _("last ten days"))
        return f"{period.strftime('%Y-%m')} {names[min(period.day // 10, 2)]}"
    if frequency == "monthly":
        return period.strftime("%Y-%m")
    if frequency == "quarterly":
        return str(
            _("Q%(quarter)s %(year)s")
            % {"quarter": (period.month - 1) // 3 + 1, "year": period.year}
        )
    local = timezone.localtime(cutoff_at)
    time = local.strftime("%H:%M")
    if local.date() > period:
        time = _("next day %(time)s") % {"time": time}
    return f"{period.strftime(fmt)} {time}"
