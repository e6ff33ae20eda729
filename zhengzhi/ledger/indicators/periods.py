"""Assessment periods: whole local days, from the first day's midnight to the day after the last."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The calendar this platform serves; beyond it a date is a typo, not a period.
FIRST_YEAR, LAST_YEAR = 2000, 2099

PERIOD_CHOICES = [
    ("this_month", _("This month")),
    ("last_month", _("Last month")),
    ("this_quarter", _("This quarter")),
    ("last_quarter", _("Last quarter")),
    ("this_year", _("This year")),
    ("custom", _("Custom dates")),
]


class PeriodError(ValueError):
    """A period a user asked for that does not make sense; the message says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Period:
    date_from: dt.date
    date_to: dt.date  # inclusive
    key: str = "custom"

    @property
    def start(self) -> dt.datetime:
        return day_start(self.date_from)

    @property
    def end(self) -> dt.datetime:
        """Exclusive: midnight after the last day."""
        return day_start(self.date_to + dt.timedelta(days=1))


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _month_end(day: dt.date) -> dt.date:
    nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def named_period(key: str, today: dt.date | None = None) -> Period:
    today = today or timezone.localdate()
    if key == "this_month":
        first = today.replace(day=1)
        return Period(first, _month_end(first), key)
    if key == "last_month":
        last = today.replace(day=1) - dt.timedelta(days=1)
        return Period(last.replace(day=1), last, key)
    if key == "this_quarter":
        first = _quarter_start(today)
        return Period(first, _month_end(first.replace(month=first.month + 2)), key)
    if key == "last_quarter":
        end = _quarter_start(today) - dt.timedelta(days=1)
        return Period(_quarter_start(end), end, key)
    if key == "this_year":
        return Period(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31), key)
    raise PeriodError(_("Unknown period “%(key)s”.") % {"key": key})


def parse_date(value, label) -> dt.date:
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise PeriodError(
                _("%(label)s is not a date like 2026-01-31.") % {"label": label}
            ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PeriodError(
            _("%(label)s must be between %(first)s and %(last)s.")
            % {"label": label, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return day


def custom_period(date_from, date_to) -> Period:
    start = parse_date(date_from, _("The start date"))
    end = parse_date(date_to, _("The end date"))
    if end < start:
        raise PeriodError(_("The end date is before the start date."))
    return Period(start, end, "custom")


def resolve_period(key: str | None, date_from=None, date_to=None, today=None) -> Period:
    """A named period, or custom dates when both are given (or the key is "custom")."""
    key = (key or "").strip()
    if key == "custom" or (not key and (date_from or date_to)):
        if not date_from or not date_to:
            raise PeriodError(_("Give both a start and an end date."))
        return custom_period(date_from, date_to)
    return named_period(key or "this_month", today)
