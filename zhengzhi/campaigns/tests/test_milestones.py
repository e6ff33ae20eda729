import datetime as dt
from decimal import Decimal as D

import pytest

from zhengzhi.campaigns.milestones import Line, Standing, percent

START, END = dt.date(2026, 5, 1), dt.date(2026, 5, 31)


def line():
    # 40 by the end; 10 by 10 May, 30 by 20 May.
    return Line.build(
        START, END, D(40), [(dt.date(2026, 5, 10), D(10)), (dt.date(2026, 5, 20), D(30))]
    )


def test_line_runs_straight_between_milestones():
    ln = line()
    assert ln.value(dt.date(2026, 4, 30)) == 0
    assert ln.value(dt.date(2026, 5, 5)) == D(5)  # 5 of 10 days to 10
    assert ln.value(dt.date(2026, 5, 10)) == D(10)
    assert ln.value(dt.date(2026, 5, 15)) == D(20)  # half way from 10 to 30
    assert ln.value(dt.date(2026, 5, 31)) == D(40)
    assert ln.value(dt.date(2026, 6, 5)) == D(40)


def test_standing():
    ln = line()
    day = dt.date(2026, 5, 15)  # line at 20, tolerance 2
    assert ln.standing(day, D(20)) == Standing.ON_TRACK
    assert ln.standing(day, D(18)) == Standing.ON_TRACK
    assert ln.standing(day, D(17)) == Standing.BEHIND
    assert ln.standing(day, D(23)) == Standing.AHEAD
    assert ln.standing(day, D(40)) == Standing.AHEAD


def test_a_missed_dated_milestone_is_behind_whatever_the_tolerance():
    ln = line()
    # On 10 May the line is 10; 9 is within the tolerance of 2, but the milestone says 10.
    assert ln.standing(dt.date(2026, 5, 10), D(9)) == Standing.BEHIND
    assert ln.standing(dt.date(2026, 5, 9), D(8)) == Standing.ON_TRACK


def test_unit_share_scales_the_line():
    ln = line()
    # A unit with 10 of the 40: its line is a quarter.
    assert ln.standing(dt.date(2026, 5, 15), D(5), D("0.25")) == Standing.ON_TRACK
    assert ln.standing(dt.date(2026, 5, 15), D(3), D("0.25")) == Standing.BEHIND
    assert ln.standing(dt.date(2026, 5, 10), D("2.5"), D("0.25")) == Standing.ON_TRACK


def test_percent_and_no_target():
    assert percent(D(13), D(40)) == D("32.5")
    assert percent(D(1), D(0)) is None
    assert Line.build(START, END, D(0), []).standing(START, D(0)) == Standing.NO_TARGET


def test_the_chart_line_is_the_line_day_by_day():
    """Line.chart (one walk, floats) gives what Line.value gives for every day, to the
    hundredth, before the start, between milestones and after the deadline."""
    line = Line.build(
        dt.date(2026, 5, 1),
        dt.date(2026, 7, 31),
        D(300),
        [(dt.date(2026, 5, 31), D(90)), (dt.date(2026, 6, 30), D(200))],
    )
    days = [dt.date(2026, 4, 20) + dt.timedelta(days=i) for i in range(120)]
    for scale in (1.0, 0.25):
        expected = [float((line.value(d) * D(str(scale))).quantize(D("0.01"))) for d in days]
        assert line.chart(days, scale) == pytest.approx(expected, abs=0.005)
    assert line.chart(days)[0] == 0.0 and line.chart(days)[-1] == 300.0
