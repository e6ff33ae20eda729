"""Unit indicators of the problem ledger, as in digital city-management assessment (数字城管考核).

A period is whole local days [date_from, date_to]. Each problem is attributed to one unit:
``by="owner"`` to its owner unit (块, the unit answering for it), ``by="street"`` to the street
or town its owner belongs to (a community rolls up to its street; the street itself too), and
``by="department"`` to its supporting department (条). Merged duplicates are counted on their
master only; "now" is the moment of the query.

Counts
- registered (立案数): problems reported in the period and registered (whatever became of them
  since, except returned to the dispatcher or merged).
- dispatched (派遣数): of those, problems dispatched to the unit (and not returned by it).
- due (应结案数): dispatched problems whose deadline fell in the period, on a day already over
  (up to yesterday): in the middle of a period, a problem due today or next week is not yet
  held against its unit.
- deferred (挂账数): of those, problems now deferred with an approved plan (挂账).
- closed (结案数): of those, problems now verified and closed (销号).
- closed on time (按期结案数): of those, problems reported back by the deadline and then closed.
  A problem still open past its deadline is due and not closed on time: it counts against.
- closed in period (期内结案数): problems closed in the period, whenever they were due.
- reworked (返工数): of those, problems sent back for rework at least once.
- extended (延期数): due problems whose deadline was extended at least once.
- returns (退回数): returns approved in the period, counted on the unit that returned the
  problem (it has left that unit since, so it is not among its dispatched problems).
- recurrences (反弹数): problems reopened as a recurrence whose reopening fell in the period
  (a reopening dispatches the problem again: its latest dispatch is in the period).
- overdue now (当前超期数): problems being handled (dispatched or accepted) past their deadline
  at this moment, whatever the period.
- rated (评价数) and satisfied (满意数): contributed by the satisfaction app (a registered
  IndicatorContributor, ledger.registry): problems whose counted satisfaction rating was given
  in the period, and of those the ones rated satisfied or basically satisfied. Without it they
  are 0, and the satisfaction rate is left out of the ranking as any rate without a base.

Rates (None, shown "—", when the denominator is 0)
- on-time closure rate (按期结案率) = closed on time / (due − deferred)
- closure rate (结案率) = closed / (due − deferred)
- rework rate (返工率) = reworked / closed in period
- return rate (退回率) = returns / (dispatched + returns): returns over every dispatch the unit
  received in the period, those it kept and those it returned.
- extension rate (延期率) = extended / due
- satisfaction rate (满意率) = satisfied / rated
- mean hours to close (平均结案时长) = mean of (closed − dispatched) in calendar hours, over
  the problems closed in the period.

The ranking (ranking.py) scores units on these rates with the office's weights.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from zhengzhi.ledger.indicators.compute import BY_CHOICES, COUNTS, collect
from zhengzhi.ledger.indicators.periods import Period, PeriodError, custom_period

__all__ = ["BY_CHOICES", "COUNTS", "RATES", "Period", "PeriodError", "unit_indicators"]

# rate: (numerator, denominator terms added, denominator terms subtracted)
RATES = {
    "on_time_rate": ("closed_on_time", ("due",), ("deferred",)),
    "closure_rate": ("closed", ("due",), ("deferred",)),
    "rework_rate": ("reworked", ("closed_in_period",), ()),
    "return_rate": ("returns", ("dispatched", "returns"), ()),
    "extension_rate": ("extended", ("due",), ()),
    "satisfaction_rate": ("satisfied", ("rated",), ()),
}


def ratio(num: int, den: int) -> float | None:
    return num / den if den > 0 else None


def _hours(total, count: int) -> float | None:
    if not count or total is None:
        return None
    seconds = total.total_seconds() if isinstance(total, dt.timedelta) else total / 1e6
    return seconds / 3600 / count


def with_rates(figures: dict) -> dict:
    out = dict(figures)
    for rate, (num, plus, minus) in RATES.items():
        # .get: a contributed count is absent when its app is not installed.
        den = sum(figures.get(k, 0) for k in plus) - sum(figures.get(k, 0) for k in minus)
        out[rate] = ratio(figures.get(num, 0), den)
        out[rate.removesuffix("_rate") + "_base"] = den
    out["assessed"] = figures["due"] - figures["deferred"]
    out["mean_hours"] = _hours(out.pop("time_to_close", None), figures.get("timed", 0))
    return out


def unit_indicators(
    date_from: dt.date,
    date_to: dt.date,
    *,
    units: Iterable | QuerySet | None = None,
    by: str = "owner",
    now: dt.datetime | None = None,
    problem_ids: QuerySet | None = None,
) -> list[dict]:
    """One dict per unit (the given units, zeros included; else every unit with figures):
    unit_id, unit_name, the COUNTS, the RATES, their denominators (*_base), assessed
    (due − deferred) and mean_hours; with problem_ids (a queryset of ids), over those only.
    Raises PeriodError on a bad period, ValueError on `by`."""
    period = custom_period(date_from, date_to)
    rows = collect(period, units=units, by=by, now=now, problem_ids=problem_ids)
    return [with_rates(figures) for figures in rows.values()]
