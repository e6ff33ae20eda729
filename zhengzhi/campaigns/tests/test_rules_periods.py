"""Ten-day (旬) and quarterly reporting periods, around month and quarter ends."""

import datetime as dt

import pytest

from zhengzhi.campaigns.rules import (
    Rule,
    open_slot,
    period_end,
    period_start,
    slot_label,
    slots_between,
    slots_of_period,
)
from zhengzhi.campaigns.tests.conftest import at
from zhengzhi.workcal.calendar import WorkCalendar

CAL = WorkCalendar()
D = dt.date
TENDAY = Rule("tenday", (dt.time(16, 0),))
QUARTERLY = Rule("quarterly", (dt.time(17, 0),), monthday=31)


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (D(2026, 1, 1), D(2026, 1, 1), D(2026, 1, 10)),
        (D(2026, 1, 10), D(2026, 1, 1), D(2026, 1, 10)),
        (D(2026, 1, 11), D(2026, 1, 11), D(2026, 1, 20)),
        (D(2026, 1, 20), D(2026, 1, 11), D(2026, 1, 20)),
        (D(2026, 1, 21), D(2026, 1, 21), D(2026, 1, 31)),  # 31-day month: 11 days
        (D(2026, 1, 31), D(2026, 1, 21), D(2026, 1, 31)),
        (D(2026, 2, 28), D(2026, 2, 21), D(2026, 2, 28)),  # February: 8 days
        (D(2028, 2, 29), D(2028, 2, 21), D(2028, 2, 29)),  # leap year: 9 days
        (D(2026, 4, 30), D(2026, 4, 21), D(2026, 4, 30)),  # 30-day month: 10 days
        (D(2026, 12, 31), D(2026, 12, 21), D(2026, 12, 31)),
    ],
)
def test_ten_day_periods(day, start, end):
    assert period_start(TENDAY, day) == start
    assert period_end(TENDAY, start) == end
    (slot,) = slots_of_period(TENDAY, start, CAL)
    assert slot.period == start and slot.cutoff_at == at(end, "16:00")


def test_ten_day_periods_follow_each_other_across_month_and_year_ends():
    slots = slots_between(TENDAY, D(2026, 1, 25), D(2026, 3, 5), CAL)
    assert [s.period for s in slots] == [
        D(2026, 1, 21), D(2026, 2, 1), D(2026, 2, 11), D(2026, 2, 21), D(2026, 3, 1),
    ]  # fmt: skip
    assert [s.cutoff_at.date() for s in slots] == [
        D(2026, 1, 31), D(2026, 2, 10), D(2026, 2, 20), D(2026, 2, 28), D(2026, 3, 10),
    ]  # fmt: skip
    across = slots_between(TENDAY, D(2026, 12, 30), D(2027, 1, 2), CAL)
    assert [s.period for s in across] == [D(2026, 12, 21), D(2027, 1, 1)]


def test_ten_day_open_slot_after_the_cutoff_moves_to_the_next_period():
    span = (D(2026, 1, 1), D(2026, 6, 30))
    assert open_slot(TENDAY, at(D(2026, 2, 28), "15:00"), span, CAL).period == D(2026, 2, 21)
    assert open_slot(TENDAY, at(D(2026, 2, 28), "16:01"), span, CAL).period == D(2026, 3, 1)


@pytest.mark.parametrize(
    ("day", "start", "cutoff_day"),
    [
        (D(2026, 1, 1), D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 3, 31), D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 4, 1), D(2026, 4, 1), D(2026, 6, 30)),  # 30-day last month: the 30th
        (D(2026, 8, 15), D(2026, 7, 1), D(2026, 9, 30)),
        (D(2026, 12, 31), D(2026, 10, 1), D(2026, 12, 31)),
    ],
)
def test_quarters(day, start, cutoff_day):
    assert period_start(QUARTERLY, day) == start
    (slot,) = slots_of_period(QUARTERLY, start, CAL)
    assert slot.cutoff_at == at(cutoff_day, "17:00")


def test_quarters_follow_each_other_and_take_the_day_of_the_month():
    slots = slots_between(QUARTERLY, D(2026, 2, 1), D(2027, 1, 5), CAL)
    assert [s.period for s in slots] == [
        D(2026, 1, 1), D(2026, 4, 1), D(2026, 7, 1), D(2026, 10, 1), D(2027, 1, 1),
    ]  # fmt: skip
    on_25th = Rule("quarterly", (), monthday=25)
    (slot,) = slots_of_period(on_25th, D(2026, 4, 1), CAL)
    assert slot.cutoff_at == at(D(2026, 6, 25), "16:00")


def test_a_quarter_end_on_a_rest_day_moves_to_the_next_working_day():
    rule = Rule("quarterly", (dt.time(17, 0),), monthday=28, workdays_only=True)
    (slot,) = slots_of_period(rule, D(2026, 4, 1), CAL)  # 28 June 2026 is a Sunday
    assert slot.cutoff_at == at(D(2026, 6, 29), "17:00")
    tenday = Rule("tenday", (), workdays_only=True)
    (slot,) = slots_of_period(tenday, D(2026, 1, 21), CAL)  # 31 Jan 2026 is a Saturday
    assert slot.cutoff_at.date() == D(2026, 2, 2)
    # 28 Feb 2026 is a Saturday made a working day (调休) for the Spring Festival: kept.
    (slot,) = slots_of_period(tenday, D(2026, 2, 21), CAL)
    assert slot.cutoff_at.date() == D(2026, 2, 28)


def test_labels(settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        assert slot_label("tenday", D(2026, 2, 21), at(D(2026, 2, 28), "16:00")) == (
            "2026-02 last ten days"
        )
        assert slot_label("tenday", D(2026, 2, 11), at(D(2026, 2, 20), "16:00")).endswith(
            "middle ten days"
        )
        assert slot_label("quarterly", D(2026, 10, 1), at(D(2026, 12, 31), "16:00")) == "Q4 2026"
    with translation.override("zh-hans"):
        assert slot_label("tenday", D(2026, 2, 1), at(D(2026, 2, 10), "16:00")) == "2026-02 上旬"
        assert slot_label("quarterly", D(2026, 4, 1), at(D(2026, 6, 30), "16:00")) == (
            "2026年第2季度"
        )
