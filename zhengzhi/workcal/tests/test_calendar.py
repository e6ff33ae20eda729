import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.workcal.calendar import LimitUnit, WorkCalendar, is_covered
from zhengzhi.workcal.services import set_day

TZ = timezone.get_fixed_timezone(8 * 60)


def at(y, m, d, hh=10, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


def local(value):
    return timezone.localtime(value).replace(tzinfo=None)


CAL = WorkCalendar()


def test_national_day_and_its_adjusted_saturday():
    # 2026: 10/1-10/7 off, Saturday 10/10 is a working day (State Council notice, 2025-11-04).
    assert local(CAL.add_work_days(at(2026, 9, 30), 1)) == dt.datetime(2026, 10, 8, 17, 30)
    assert local(CAL.add_work_days(at(2026, 9, 30), 3)) == dt.datetime(2026, 10, 10, 17, 30)
    assert local(CAL.add_work_days(at(2026, 9, 30), 4)) == dt.datetime(2026, 10, 12, 17, 30)


def test_spring_festival_2026():
    # 2/15-2/23 off; Saturday 2/14 and Saturday 2/28 are working days.
    assert CAL.is_workday(dt.date(2026, 2, 14)) and CAL.is_workday(dt.date(2026, 2, 28))
    assert not CAL.is_workday(dt.date(2026, 2, 20))
    assert local(CAL.add_work_days(at(2026, 2, 13), 1)) == dt.datetime(2026, 2, 14, 17, 30)
    assert local(CAL.add_work_days(at(2026, 2, 14), 1)) == dt.datetime(2026, 2, 24, 17, 30)


def test_working_hours_skip_nights_lunch_and_holidays():
    # Friday 2026-04-03 16:00 + 8 working hours: 1.5 h on Friday, then Sat/Sun and the
    # Qingming holiday (4/4-4/6), then 3.5 h before lunch and 3 h after it on Tuesday 4/7.
    assert local(CAL.add_work_hours(at(2026, 4, 3, 16), 8)) == dt.datetime(2026, 4, 7, 16, 0)
    assert local(CAL.add_work_hours(at(2026, 4, 7, 11, 30), 1)) == dt.datetime(2026, 4, 7, 13, 30)
    assert local(CAL.add_work_hours(at(2026, 4, 7, 7, 0), 1)) == dt.datetime(2026, 4, 7, 9, 30)


def test_urgent_hours_count_every_hour():
    assert local(CAL.add_limit(at(2026, 10, 1, 22), 3, LimitUnit.URGENT_HOURS)) == dt.datetime(
        2026, 10, 2, 1, 0
    )


def test_a_year_without_a_notice_still_counts_statutory_holidays():
    assert not is_covered(2031)
    assert not CAL.is_workday(dt.date(2031, 10, 1))
    assert CAL.is_workday(dt.date(2031, 10, 13))


@pytest.mark.django_db
def test_the_office_can_add_an_adjusted_working_weekend(people):
    saturday = dt.date(2031, 10, 11)
    assert not WorkCalendar.load().is_workday(saturday)
    set_day(saturday, True, "2031年国庆调休上班", actor=people["admin"])
    assert WorkCalendar.load().is_workday(saturday)
    set_day(dt.date(2031, 10, 13), False, "local holiday", actor=people["admin"])
    assert not WorkCalendar.load().is_workday(dt.date(2031, 10, 13))


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError):
        CAL.add_limit(at(2026, 1, 5), 1, "fortnights")


def test_working_time_between_two_moments():
    # Seed 004: found at 13:05 and closed at 15:10 on a working day: 2 h 05 min of both.
    assert CAL.work_time_between(at(2026, 4, 7, 13, 5), at(2026, 4, 7, 15, 10)) == dt.timedelta(
        hours=2, minutes=5
    )
    # Over lunch the hour from 12:00 to 13:00 does not count.
    assert CAL.work_time_between(at(2026, 4, 7, 11, 0), at(2026, 4, 7, 14, 0)) == dt.timedelta(
        hours=2
    )
    # Friday 16:00 to Tuesday 09:30 over the weekend and Qingming: 1.5 h + 1 h.
    assert CAL.work_time_between(at(2026, 4, 3, 16), at(2026, 4, 7, 9, 30)) == dt.timedelta(
        hours=2, minutes=30
    )
    # At night and on a holiday nothing counts; the end before the start counts nothing.
    assert CAL.work_time_between(at(2026, 4, 4, 9), at(2026, 4, 6, 20)) == dt.timedelta()
    assert CAL.work_time_between(at(2026, 4, 7, 15), at(2026, 4, 7, 9)) == dt.timedelta()
    # It agrees with adding working hours.
    start = at(2026, 9, 28, 10, 17)
    assert CAL.work_time_between(start, CAL.add_work_hours(start, 37.5)) == dt.timedelta(hours=37.5)


@pytest.mark.django_db
def test_the_cached_calendar_for_pages_sees_a_changed_day_at_once(people):
    day = dt.date(2031, 10, 18)
    assert not WorkCalendar.cached().is_workday(day)
    entry = set_day(day, True, "调休", actor=people["admin"])
    assert WorkCalendar.cached().is_workday(day)
    from zhengzhi.workcal.services import remove_day

    remove_day(entry, actor=people["admin"])
    assert not WorkCalendar.cached().is_workday(day)


def _walked(cal, start, end):
    """The plain day-by-day walk work_time_between replaced, as the reference."""
    import datetime as dt

    from django.utils import timezone

    begin = timezone.localtime(start).replace(tzinfo=None)
    finish = timezone.localtime(end).replace(tzinfo=None)
    total, day = dt.timedelta(), begin.date()
    while day <= finish.date():
        if cal.is_workday(day):
            for a, b in cal._periods(day):
                overlap = min(b, finish) - max(a, begin)
                if overlap > dt.timedelta():
                    total += overlap
        day += dt.timedelta(days=1)
    return total


def test_counted_working_time_equals_the_day_by_day_walk():
    """Across years, holidays, make-up days and the office's own days, in both orders."""
    import datetime as dt
    import random

    from zhengzhi.conftest import local
    from zhengzhi.workcal.calendar import WorkCalendar

    cal = WorkCalendar({dt.date(2026, 10, 9): False, dt.date(2026, 10, 10): True})
    rng = random.Random(7)
    base = local(2025, 12, 20, 0, 0)
    for _ in range(300):
        a = base + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 420))
        b = a + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * rng.choice([1, 3, 40, 400])))
        assert cal.work_time_between(a, b) == _walked(cal, a, b), (a, b)
    assert cal.work_time_between(base, base - dt.timedelta(hours=5)) == dt.timedelta()
