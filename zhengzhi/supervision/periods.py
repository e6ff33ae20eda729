"""A series' periods: weeks (Monday to Sunday), ten-day periods (旬: days 1–10, 11–20, 21 to the
month's end) and months; the period holding a day, and the last one finished by then."""

from __future__ import annotations

import calendar
import datetime as dt

from zhengzhi.supervision.models import Frequency

TENDAY_NAMES = ("上旬", "中旬", "下旬")


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_of(frequency: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if frequency == Frequency.WEEKLY:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if frequency == Frequency.TENDAY:
        if day.day <= 10:
            return day.replace(day=1), day.replace(day=10)
        if day.day <= 20:
            return day.replace(day=11), day.replace(day=20)
        return day.replace(day=21), month_end(day)
    if frequency == Frequency.MONTHLY:
        return day.replace(day=1), month_end(day)
    raise ValueError(f"unknown frequency {frequency!r}")


def last_finished(frequency: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The latest period that ended before today."""
    start, _end = period_of(frequency, today)
    return period_of(frequency, start - dt.timedelta(days=1))


def label(frequency: str, start: dt.date, end: dt.date) -> str:
    """How the document names the period: 2026年12月上旬, 2026年12月, 12月1日—12月7日."""
    if frequency == Frequency.TENDAY:
        return f"{start.year}年{start.month}月{TENDAY_NAMES[min(start.day // 10, 2)]}"
    if frequency == Frequency.MONTHLY:
        return f"{start.year}年{start.month}月"
    return f"{start.year}年{start.month}月{start.day}日—{end.month}月{end.day}日"
