"""Slots and cut-offs: two a day, across midnight, weekly and monthly ones moved off holidays."""

import datetime as dt

import pytest

from zhengzhi.campaigns.rules import (
    Rule,
    RuleError,
    open_slot,
    parse_cutoffs,
    slots_between,
    slots_of_period,
)
from zhengzhi.campaigns.tests.conftest import at
from zhengzhi.workcal.calendar import WorkCalendar

CAL = WorkCalendar()


def t(s):
    return dt.time.fromisoformat(s)


def test_two_cutoffs_a_day():
    rule = Rule("daily", (t("11:00"), t("16:00")))
    slots = slots_of_period(rule, dt.date(2026, 5, 6), CAL)
    assert [s.cutoff_at for s in slots] == [
        at(dt.date(2026, 5, 6), "11:00"),
        at(dt.date(2026, 5, 6), "16:00"),
    ]
    assert [s.index for s in slots] == [0, 1]


def test_cutoff_after_midnight_belongs_to_the_day_before():
    rule = Rule("daily", (t("20:00"), t("01:00")))
    day = dt.date(2026, 5, 6)
    slots = slots_of_period(rule, day, CAL)
    assert slots[1].cutoff_at == at(day + dt.timedelta(days=1), "01:00")
    assert slots[1].period == day
    # At 00:30 the open slot is still the day before's night slot, not the next day's.
    slot = open_slot(
        rule, at(day + dt.timedelta(days=1), "00:30"), (day, day + dt.timedelta(days=9)), CAL
    )
    assert (slot.period, slot.index) == (day, 1)
    # At 01:30 it is the next day's 20:00 slot.
    slot = open_slot(
        rule, at(day + dt.timedelta(days=1), "01:30"), (day, day + dt.timedelta(days=9)), CAL
    )
    assert (slot.period, slot.index) == (day + dt.timedelta(days=1), 0)


def test_cutoffs_must_fit_in_a_day():
    with pytest.raises(RuleError):
        parse_cutoffs(["11:00", "16:00", "10:00", "09:00"])
    with pytest.raises(RuleError):
        parse_cutoffs(["11h"])
    assert parse_cutoffs(["23:00", "02:00"]) == (t("23:00"), t("02:00"))


def test_workdays_only_skips_holidays_and_keeps_adjusted_weekends():
    rule = Rule("daily", (t("11:00"),), workdays_only=True)
    # Labour day 2026: 1-5 May off; Saturday 9 May is an adjusted working day.
    slots = slots_between(rule, dt.date(2026, 4, 30), dt.date(2026, 5, 10), CAL)
    days = [s.period for s in slots]
    assert dt.date(2026, 5, 1) not in days and dt.date(2026, 5, 5) not in days
    assert dt.date(2026, 4, 30) in days and dt.date(2026, 5, 6) in days
    assert dt.date(2026, 5, 9) in days  # 调休 Saturday
    assert dt.date(2026, 5, 10) not in days  # Sunday
    # Every day without the flag.
    every = slots_between(
        Rule("daily", (t("11:00"),)), dt.date(2026, 5, 1), dt.date(2026, 5, 3), CAL
    )
    assert [s.period for s in every] == [dt.date(2026, 5, d) for d in (1, 2, 3)]


def test_weekly_cutoff_moves_to_next_working_day():
    # Friday 1 May 2026 is Labour Day: the weekly Friday 16:00 report moves to Wednesday 6 May.
    rule = Rule("weekly", (t("16:00"),), weekday=4, workdays_only=True)
    (slot,) = slots_of_period(rule, dt.date(2026, 4, 27), CAL)
    assert slot.cutoff_at == at(dt.date(2026, 5, 6), "16:00")
    (normal,) = slots_of_period(rule, dt.date(2026, 5, 11), CAL)
    assert normal.cutoff_at == at(dt.date(2026, 5, 15), "16:00")


def test_monthly_cutoff_clamps_to_month_end_and_office_days_override():
    rule = Rule("monthly", (t("16:00"),), monthday=31, workdays_only=True)
    (slot,) = slots_of_period(rule, dt.date(2026, 6, 1), CAL)
    assert slot.cutoff_at == at(dt.date(2026, 6, 30), "16:00")
    office = WorkCalendar({dt.date(2026, 6, 30): False})  # a local holiday entered by the office
    (moved,) = slots_of_period(rule, dt.date(2026, 6, 1), office)
    assert moved.cutoff_at == at(dt.date(2026, 7, 1), "16:00")
