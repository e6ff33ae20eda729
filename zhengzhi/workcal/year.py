"""A year of the working calendar as the office's page shows it: every day's status and where it
comes from (the State Council's notice in the package, statutory holidays only, or the office)."""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from dataclasses import dataclass
from functools import cache

import chinese_calendar
import holidays as holidays_pkg
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.workcal.calendar import is_covered, national_is_workday
from zhengzhi.workcal.models import CalendarDay

MIN_YEAR, MAX_YEAR = 2000, 2100
WEEKDAYS = [
    pgettext_lazy("weekday", "Mo"),
    pgettext_lazy("weekday", "Tu"),
    pgettext_lazy("weekday", "We"),
    pgettext_lazy("weekday", "Th"),
    pgettext_lazy("weekday", "Fr"),
    pgettext_lazy("weekday", "Sa"),
    pgettext_lazy("weekday", "Su"),
]

# chinese_calendar names holidays in English.
HOLIDAY_NAMES = {
    "New Year's Day": pgettext_lazy("holiday", "New Year's Day"),
    "Spring Festival": pgettext_lazy("holiday", "Spring Festival"),
    "Tomb-sweeping Day": pgettext_lazy("holiday", "Tomb-sweeping Day"),
    "Labour Day": pgettext_lazy("holiday", "Labour Day"),
    "Dragon Boat Festival": pgettext_lazy("holiday", "Dragon Boat Festival"),
    "National Day": pgettext_lazy("holiday", "National Day"),
    "Mid-autumn Festival": pgettext_lazy("holiday", "Mid-autumn Festival"),
    "Anti-Fascist 70th Day": pgettext_lazy("holiday", "Anti-Fascist 70th Day"),
}

SOURCE_NOTICE = "notice"  # the State Council's yearly notice, as the package carries it
SOURCE_STATUTORY = "statutory"  # statutory holidays only: no notice for the year yet
SOURCE_OFFICE = "office"
SOURCE_LABELS = {
    SOURCE_NOTICE: _("State Council notice"),
    SOURCE_STATUTORY: _("Statutory holidays, no notice yet"),
    SOURCE_OFFICE: _("Entered by the office"),
}


@cache
def _statutory_names(year: int) -> dict[dt.date, str]:
    return dict(holidays_pkg.China(years=year, language="zh_CN").items())


def holiday_name(day: dt.date, covered: bool) -> str:
    if covered:
        try:
            _on, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            name = None
        return str(HOLIDAY_NAMES.get(name, name or ""))
    return _statutory_names(day.year).get(day, "")


@dataclass
class Day:
    date: dt.date
    national: bool  # a working day on the national calendar
    entry: CalendarDay | None
    name: str = ""  # the holiday this day belongs to (also for an adjusted working day)

    @property
    def is_workday(self) -> bool:
        return self.entry.is_workday if self.entry is not None else self.national

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5

    @property
    def special(self) -> bool:
        """Unlike a plain Monday-to-Friday week, or entered by the office."""
        return self.entry is not None or self.national == self.weekend

    @property
    def kind(self) -> str:
        if self.is_workday:
            return "adjusted" if self.weekend else "work"
        # A weekend inside a holiday's days off shows as part of the holiday.
        return "weekend" if self.weekend and not self.special and not self.name else "holiday"


@dataclass
class Year:
    year: int
    covered: bool
    days: list[Day]

    @property
    def source(self) -> str:
        return SOURCE_NOTICE if self.covered else SOURCE_STATUTORY

    def special_days(self) -> list[Day]:
        return [d for d in self.days if d.special]

    def months(self) -> list[dict]:
        by_date = {d.date: d for d in self.days}
        out = []
        for month in range(1, 13):
            weeks = [
                [by_date.get(dt.date(self.year, month, n)) if n else None for n in week]
                for week in pycal.Calendar(firstweekday=0).monthdayscalendar(self.year, month)
            ]
            out.append({"month": dt.date(self.year, month, 1), "weeks": weeks})
        return out

    def counts(self) -> dict[str, int]:
        return {
            "workdays": sum(d.is_workday for d in self.days),
            "holidays": sum(not d.is_workday and not d.weekend for d in self.days),
            "adjusted": sum(d.is_workday and d.weekend for d in self.days),
            "office": sum(d.entry is not None for d in self.days),
        }


def year_view(year: int) -> Year:
    covered = is_covered(year)
    entries = {
        e.date: e for e in CalendarDay.objects.filter(date__year=year).select_related("created_by")
    }
    days = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        national = national_is_workday(day)
        item = Day(day, national, entries.get(day))
        if national == item.weekend or not national:
            item.name = holiday_name(day, covered)
        days.append(item)
        day += dt.timedelta(days=1)
    return Year(year, covered, days)
