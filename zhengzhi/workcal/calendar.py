"""Working days and working hours on the Chinese calendar, for deadlines.

The national calendar comes from chinese-calendar (holidays and adjusted working weekends, as in
the State Council's yearly notice); for a year it does not cover yet, statutory holidays from the
`holidays` package on a Monday-to-Friday week, which lacks that year's adjusted weekends until the
office enters them. Days the office enters (CalendarDay) override both.

Three ways of counting a time limit, as in digital city management (GB/T 30428):
- urgent working hours (紧急工作时): every hour of every day;
- working hours (工作时): the hours of the working day on working days only;
- working days (工作日): whole working days; the deadline is the end of the last one.
"""

from __future__ import annotations

import datetime as dt
import logging
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache, cached_property

import chinese_calendar
import holidays as holidays_pkg
from django.utils import timezone

log = logging.getLogger(__name__)

WORK_START = dt.time(8, 30)
WORK_END = dt.time(17, 30)
WORKDAY_HOURS = 8.0  # with a lunch break of one hour, counted from 08:30 to 17:30
LUNCH = (dt.time(12, 0), dt.time(13, 0))


def _span(a: dt.time, b: dt.time) -> dt.timedelta:
    return dt.datetime.combine(dt.date.min, b) - dt.datetime.combine(dt.date.min, a)


# The working hours of a whole working day (7 h 00 min).
FULL_WORKDAY = _span(WORK_START, LUNCH[0]) + _span(LUNCH[1], WORK_END)
CACHE_KEY = "workcal.overrides"
CACHE_SECONDS = 300


class LimitUnit:
    URGENT_HOURS = "urgent_hours"
    WORK_HOURS = "work_hours"
    WORK_DAYS = "work_days"


@cache
def _statutory(year: int) -> frozenset[dt.date]:
    return frozenset(holidays_pkg.China(years=year).keys())


def national_is_workday(day: dt.date) -> bool:
    """Read off the year's prefix sums: chinese_calendar validates its argument on every call,
    which a list page timing fifty problems paid thousands of times."""
    prefix = _national_prefix(day.year)
    i = day.timetuple().tm_yday
    return prefix[i] > prefix[i - 1]


def _national_is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        if day.year not in _warned:
            _warned.add(day.year)
            log.warning("no official calendar for %s yet: using statutory holidays only", day.year)
        return day.weekday() < 5 and day not in _statutory(day.year)


_warned: set[int] = set()
DAY = dt.timedelta(days=1)


@cache
def _national_prefix(year: int) -> tuple[int, ...]:
    """prefix[i]: the national working days among the first i days of the year."""
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    prefix = [0]
    for i in range(days):
        prefix.append(prefix[-1] + _national_is_workday(first + dt.timedelta(days=i)))
    return tuple(prefix)


def national_workdays_in(start: dt.date, end: dt.date) -> int:
    """The national working days from `start` up to, not including, `end`."""
    count = 0
    while start < end:
        year_start = dt.date(start.year, 1, 1)
        stop = min(end, dt.date(start.year + 1, 1, 1))
        prefix = _national_prefix(start.year)
        count += prefix[(stop - year_start).days] - prefix[(start - year_start).days]
        start = stop
    return count


def is_covered(year: int) -> bool:
    """Whether the package carries the State Council's notice for this year."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
        return True
    except NotImplementedError:
        return False


@dataclass
class WorkCalendar:
    """The calendar with the office's overrides, loaded once per use."""

    overrides: dict[dt.date, bool] = field(default_factory=dict)

    @classmethod
    def load(cls) -> WorkCalendar:
        from zhengzhi.workcal.models import CalendarDay

        return cls(dict(CalendarDay.objects.values_list("date", "is_workday")))

    @classmethod
    def cached(cls) -> WorkCalendar:
        """For showing times on pages (not for deadlines): the office's days as cached for at
        most CACHE_SECONDS, so that a list page needs no query for them. A change of a day
        drops the cache at once (services.set_day / remove_day)."""
        from django.core.cache import cache

        overrides = cache.get(CACHE_KEY)
        if overrides is None:
            overrides = cls.load().overrides
            cache.set(CACHE_KEY, overrides, CACHE_SECONDS)
        return cls(dict(overrides))

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return national_is_workday(day)

    def next_workday(self, day: dt.date) -> dt.date:
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def add_work_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """The end of the `days`-th working day after the start day (the start day not counted)."""
        local = timezone.localtime(start)
        day = local.date()
        counted = 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        end = dt.datetime.combine(day, WORK_END)
        return timezone.make_aware(end, timezone.get_current_timezone())

    def add_work_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        """`hours` of working time, counted only inside working hours of working days."""
        tz = timezone.get_current_timezone()
        cursor = timezone.localtime(start).replace(tzinfo=None)
        remaining = dt.timedelta(hours=hours)
        while True:
            day = cursor.date()
            if not self.is_workday(day) or cursor.time() >= WORK_END:
                cursor = dt.datetime.combine(
                    self.next_workday(day + dt.timedelta(days=1)), WORK_START
                )
                continue
            if cursor.time() < WORK_START:
                cursor = dt.datetime.combine(day, WORK_START)
            for begin, end in self._periods(day):
                if cursor >= end:
                    continue
                cursor = max(cursor, begin)
                available = end - cursor
                if remaining <= available:
                    return timezone.make_aware(cursor + remaining, tz)
                remaining -= available
                cursor = end
            cursor = dt.datetime.combine(day, WORK_END)

    @staticmethod
    def _periods(day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        c = dt.datetime.combine
        return [(c(day, WORK_START), c(day, LUNCH[0])), (c(day, LUNCH[1]), c(day, WORK_END))]

    def add_limit(self, start: dt.datetime, amount: float, unit: str) -> dt.datetime:
        if unit == LimitUnit.URGENT_HOURS:
            return start + dt.timedelta(hours=amount)
        if unit == LimitUnit.WORK_HOURS:
            return self.add_work_hours(start, amount)
        if unit == LimitUnit.WORK_DAYS:
            return self.add_work_days(start, int(amount))
        raise ValueError(f"unknown time limit unit {unit!r}")

    def work_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """The working time from `start` to `end`: only the working hours (08:30–12:00,
        13:00–17:30) of working days count, as a time limit in working hours does. The first
        and last day are measured; the days between are counted (workdays_in), not walked: a
        list page times fifty problems, some open for a year."""
        begin = start.astimezone(self._tz).replace(tzinfo=None)
        finish = end.astimezone(self._tz).replace(tzinfo=None)
        if finish <= begin:
            return dt.timedelta()
        first, last = begin.date(), finish.date()
        total = self._worked_on(first, begin, finish)
        if last != first:
            total += self._worked_on(last, begin, finish)
            total += FULL_WORKDAY * self.workdays_in(first + DAY, last)
        return total

    def _worked_on(self, day: dt.date, begin: dt.datetime, finish: dt.datetime) -> dt.timedelta:
        total = dt.timedelta()
        if self.is_workday(day):
            for period_start, period_end in self._periods(day):
                overlap = min(period_end, finish) - max(period_start, begin)
                if overlap > dt.timedelta():
                    total += overlap
        return total

    def workdays_in(self, start: dt.date, end: dt.date) -> int:
        """How many working days from `start` up to, not including, `end`: the national
        calendar's count (prefix sums per year), corrected by the office's own days."""
        if end <= start:
            return 0
        count = national_workdays_in(start, end)
        days, sums = self._corrections
        if days:
            count += sums[bisect_left(days, end)] - sums[bisect_left(days, start)]
        return count

    @cached_property
    def _tz(self):
        """The time zone days are counted in, looked up once (a list page asks fifty times)."""
        return timezone.get_current_timezone()

    @cached_property
    def _corrections(self) -> tuple[list[dt.date], list[int]]:
        """The office's days in order, and the prefix sums of what each changes against the
        national calendar (+1 a working Saturday, -1 a closed weekday): the correction over
        any span is two lookups, not a walk over every override."""
        days = sorted(self.overrides)
        sums = [0]
        for day in days:
            sums.append(sums[-1] + int(self.overrides[day]) - int(national_is_workday(day)))
        return days, sums

    def work_days_between(self, start: dt.date, end: dt.date) -> int:
        days, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            days += self.is_workday(day)
        return days
