"""Today's summary for the office's and leaders' home page: the ledger's own figures, each with
the link to the ledger list that shows exactly the problems counted.

- new today: problems reported today (the list's `date_from`/`date_to`);
- closed today: problems closed today (the indicators' "closed in period" for today);
- overdue now: problems being handled past their deadline (the list's `overdue=1`);
- the on-time closure rate of this month so far (over every unit the user sees, each part
  linking to its list), and the units with the most overdue problems
  now, from the unit indicators (the ranking's figures and drill-downs, community level).
The counts go through the ledger list's own filters (`filter_problems`), so they equal what
the links list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from zhengzhi.ledger.indicators import unit_indicators, with_rates
from zhengzhi.ledger.indicators.compute import all_counts
from zhengzhi.ledger.indicators.links import figure_links, figure_params
from zhengzhi.ledger.indicators.periods import Period
from zhengzhi.ledger.selectors import filter_problems
from zhengzhi.org.scope import scope_for, visible_units

TOP_UNITS = 5


@dataclass
class Figure:
    count: int
    url: str


@dataclass
class TodaySummary:
    day: dt.date
    new: Figure
    closed: Figure
    overdue: Figure
    month: Period
    on_time_rate: float | None
    on_time: Figure  # closed on time this month (the rate's numerator)
    assessed: Figure  # due to close this month − deferred (its denominator)
    ranking_url: str
    top_overdue: list[dict] = field(default_factory=list)


def _url(params: dict[str, str]) -> str:
    return f"{reverse('ledger:list')}?{urlencode(params)}"


def today_summary(user, now: dt.datetime | None = None) -> TodaySummary:
    """The user's (scoped) summary of today. Queries: three counts, and the month's
    indicators (a few grouped queries whatever the number of units)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    day = Period(today, today)
    params = figure_params(day, None, None, today)
    wanted = {
        "new": {"date_from": today.isoformat(), "date_to": today.isoformat()},
        "closed": params["closed_in_period"],
        "overdue": params["overdue_now"],
    }
    figures = {key: Figure(filter_problems(user, p).count(), _url(p)) for key, p in wanted.items()}
    month = Period(today.replace(day=1), today, "this_month")
    month_params = figure_params(month, None, None, today)
    scope = scope_for(user)
    units = None if scope.all_units else visible_units(user)
    rows = unit_indicators(month.date_from, month.date_to, units=units, by="owner", now=now)
    totals = {k: sum(r.get(k, 0) for r in rows) for k in all_counts()}
    totals |= {"time_to_close": None, "timed": 0}
    rated = with_rates(totals)
    top = sorted(
        (r for r in rows if r["overdue_now"]), key=lambda r: (-r["overdue_now"], r["unit_name"])
    )[:TOP_UNITS]
    top_rows = [
        {
            "name": r["unit_name"],
            "count": r["overdue_now"],
            "url": figure_links(month, "community", r["unit_id"], today)["overdue_now"],
        }
        for r in top
    ]
    return TodaySummary(
        day=today,
        new=figures["new"],
        closed=figures["closed"],
        overdue=figures["overdue"],
        month=month,
        on_time_rate=rated["on_time_rate"],
        on_time=Figure(rated["closed_on_time"], _url(month_params["closed_on_time"])),
        assessed=Figure(rated["on_time_base"], _url(month_params["assessed"])),
        ranking_url=reverse("ledger:ranking"),
        top_overdue=top_rows,
    )
