"""How long a problem took from report to close (or has run so far): elapsed time on the clock,
and working time on the working calendar (workcal), as a county office counts its 处置时长."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from zhengzhi.ledger.models import Status
from zhengzhi.workcal.calendar import WorkCalendar

# A rejected or merged problem was never handled: no time is shown for it.
_NOT_TIMED = (Status.REJECTED, Status.MERGED)


@dataclass(frozen=True)
class Elapsed:
    elapsed: dt.timedelta
    working: dt.timedelta | None  # None where no calendar was at hand
    closed: bool  # to the close; otherwise so far

    @property
    def elapsed_text(self) -> str:
        return duration_text(self.elapsed)

    @property
    def working_text(self) -> str:
        # Working time in hours: a working day is 8 of them, not 24.
        return "" if self.working is None else duration_text(self.working, in_days=False)


def problem_elapsed(
    status: str,
    reported_at: dt.datetime | None,
    closed_at: dt.datetime | None,
    now: dt.datetime,
    calendar: WorkCalendar | None,
) -> Elapsed | None:
    """From report to close, or to now while it is open; None when it was never handled."""
    if reported_at is None or status in _NOT_TIMED:
        return None
    end = closed_at if status == Status.CLOSED and closed_at else now
    end = max(end, reported_at)
    return Elapsed(
        elapsed=end - reported_at,
        working=calendar.work_time_between(reported_at, end) if calendar else None,
        closed=status == Status.CLOSED,
    )


def duration_text(value: dt.timedelta, *, in_days: bool = True) -> str:
    """'2 h 05 min', '3 d 4 h', '40 min': minutes are dropped once days are counted."""
    minutes = max(0, int(value.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60) if in_days else (0, minutes)
    hours, mins = divmod(rest, 60)
    lang = get_language() or ""
    if days:
        text = _piece(lang, "d", days)
        if hours:
            text += " " + _piece(lang, "h", hours)
        return text
    if hours:
        return _piece(lang, "h min", hours * 60 + mins)
    return _piece(lang, "min", mins)


@lru_cache(maxsize=4096)
def _piece(lang: str, unit: str, n: int) -> str:
    """One translated piece of a duration. A list page shows a hundred durations: looked up
    once per language and number instead of a gettext call each (lang keys the cache; the
    active language is the one asked for)."""
    if unit == "d":
        return ngettext("%(n)d d", "%(n)d d", n) % {"n": n}
    if unit == "h":
        return ngettext("%(n)d h", "%(n)d h", n) % {"n": n}
    if unit == "h min":
        return _("%(h)d h %(m)02d min") % {"h": n // 60, "m": n % 60}
    return ngettext("%(n)d min", "%(n)d min", n) % {"n": n}
