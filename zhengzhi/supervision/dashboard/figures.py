"""The dashboard's figures, each the ledger list's count of its own link.

Every figure is a set of ledger list parameters (`/ledger/problems/?…`); the dashboard counts
the same problems with one indexed count per headline figure and one GROUP BY per chart, with
conditions written to match the list's filters
(ledger.selectors.filters) — the tests compare each figure with `filter_problems(user,
params).count()`. "Open" is the list's `open=1` (not finished), served by the ledger's partial
index of the unfinished problems.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, DateField, F, Func, IntegerField, Q, Value
from django.db.models.functions import TruncDate
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from zhengzhi.ledger.models import RUNNING_STATUSES, UNFINISHED_STATUSES
from zhengzhi.ledger.selectors import filter_problems
from zhengzhi.ledger.selectors.filters import day_start, overdue_q

CHART_DAYS = 30
RATE_WEEKS = 12
TOP_UNITS = 15


@dataclass
class Figure:
    count: int
    params: dict[str, str]

    @property
    def url(self) -> str:
        return ledger_url(self.params)


def ledger_url(params: dict[str, str]) -> str:
    return f"{_list_path(get_urlconf(), get_script_prefix())}?{urlencode(params)}"


@functools.lru_cache(maxsize=8)
def _list_path(urlconf, prefix: str) -> str:
    """The ledger list's path, resolved once per URL configuration and prefix: a chart's
    every bar links to it (some 160 links a request)."""
    return reverse("ledger:list", urlconf=urlconf)


def open_q() -> Q:
    """The list's open=1 (not closed, rejected or merged), named as the ledger's partial index
    problem_unfinished names it, so that PostgreSQL reads that index alone."""
    return Q(status__in=UNFINISHED_STATUSES)


def scoped(user, unit_id: int | None = None):
    """The problems the figures count: the user's (the list's scope), of one unit if given."""
    return filter_problems(user, {"unit": str(unit_id)} if unit_id else {})


def _with_unit(params: dict[str, str], unit_id: int | None) -> dict[str, str]:
    return {"unit": str(unit_id), **params} if unit_id else params


def headline(user, now: dt.datetime, unit_id: int | None = None) -> dict[str, Figure]:
    """Open, overdue now, due within a day, new and closed today."""
    today = timezone.localdate(now).isoformat()
    start = day_start(timezone.localdate(now))
    end = start + dt.timedelta(days=1)
    wanted = {
        "open": (open_q(), {"open": "1"}),
        "overdue": (overdue_q(now), {"overdue": "1"}),
        "due_soon": (
            Q(status__in=RUNNING_STATUSES, due_at__gte=now, due_at__lt=now + dt.timedelta(days=1)),
            {"due_soon": "1"},
        ),
        "new": (
            Q(reported_at__gte=start, reported_at__lt=end),
            {"date_from": today, "date_to": today},
        ),
        "closed": (
            Q(closed_at__gte=start, closed_at__lt=end),
            {"closed_from": today, "closed_to": today},
        ),
    }  # fmt: skip
    # One count per figure, each served by an index (status, reported_at, closed_at), rather
    # than one aggregate that reads every problem.
    qs = scoped(user, unit_id)
    counts = {key: qs.filter(q).count() for key, (q, _p) in wanted.items()}
    return {key: Figure(counts[key], _with_unit(p, unit_id)) for key, (_q, p) in wanted.items()}


def _days(now: dt.datetime) -> list[dt.date]:
    today = timezone.localdate(now)
    return [today - dt.timedelta(days=i) for i in range(CHART_DAYS - 1, -1, -1)]


def local_day(field: str, start: dt.datetime, end: dt.datetime):
    """The local day of a timestamp, to group by. SQLite knows no time zones: Django's TruncDate
    calls a Python function there for every row (some 17 µs: 400 ms for a county's twelve weeks
    of closures), so where the zone's offset is one over the whole range (China keeps no summer
    time) the day is SQLite's own date() of the UTC text shifted by that offset."""
    if connection.vendor == "sqlite":
        zone = timezone.get_current_timezone()
        offset = start.astimezone(zone).utcoffset()
        if offset is not None and offset == end.astimezone(zone).utcoffset():
            seconds = Value(f"{int(offset.total_seconds())} seconds")
            return Func(F(field), seconds, function="date", output_field=DateField())
    return TruncDate(field)


def _by_day(qs, field: str, days: list[dt.date]) -> dict[dt.date, int]:
    start, end = day_start(days[0]), day_start(days[-1] + dt.timedelta(days=1))
    rows = (
        qs.filter(**{f"{field}__gte": start, f"{field}__lt": end})
        .annotate(day=local_day(field, start, end))
        .values("day")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {r["day"]: r["n"] for r in rows}


def closures_query(user, now: dt.datetime, unit_id: int | None = None):
    """Problems closed by local day and on time (True, False, None without a deadline) over
    the days both charts of closures need (the daily bars' 30, the rate's 12 weeks): one read
    of the closed problems' index (closed_at, closed_on_time) serves both."""
    today = timezone.localdate(now)
    first = min(
        today - dt.timedelta(days=CHART_DAYS - 1),
        today - dt.timedelta(days=today.weekday() + 7 * (RATE_WEEKS - 1)),
    )
    start, end = day_start(first), day_start(today + dt.timedelta(days=1))
    return (
        scoped(user, unit_id)
        .filter(closed_at__gte=start, closed_at__lt=end)
        .annotate(day=local_day("closed_at", start, end))
        .values("day", "closed_on_time")
        .annotate(n=Count("*"))
        .order_by()
    )


def closures(user, now: dt.datetime, unit_id: int | None = None) -> dict[tuple, int]:
    """{(local day, closed on time or None): problems closed}: see closures_query."""
    rows = closures_query(user, now, unit_id)
    return {(r["day"], r["closed_on_time"]): r["n"] for r in rows}


def daily(
    user, now: dt.datetime, unit_id: int | None = None, closed_rows: dict | None = None
) -> dict:
    """New (by day reported), closed (by day closed) and overdue now (by the day it fell due)
    over the last 30 days, each bar with its list's parameters."""
    days = _days(now)
    qs = scoped(user, unit_id)
    new = _by_day(qs, "reported_at", days)
    closed: dict[dt.date, int] = {}
    if closed_rows is None:
        closed_rows = closures(user, now, unit_id)
    for (day, _on_time), n in closed_rows.items():
        closed[day] = closed.get(day, 0) + n
    overdue = _by_day(qs.filter(overdue_q(now)), "due_at", days)
    out: dict = {"days": [d.isoformat() for d in days], "series": {}}
    for key, counts, params in (
        ("new", new, lambda d: {"date_from": d, "date_to": d}),
        ("closed", closed, lambda d: {"closed_from": d, "closed_to": d}),
        ("overdue", overdue, lambda d: {"overdue": "1", "due_from": d, "due_to": d}),
    ):
        out["series"][key] = [
            {"n": counts.get(d, 0), "url": ledger_url(_with_unit(params(d.isoformat()), unit_id))}
            for d in days
        ]
    return out


def _grouped(column: str):
    """`column` as a GROUP BY key that SQLite cannot serve from that column's own index.

    Grouping the open problems by category or unit, SQLite prefers to walk the column's index
    in order over the whole ledger (3 s at a million problems) to reading the few per cent that
    are open from the unfinished problems' index and sorting them (20-50 ms); SQLite's unary
    plus takes the column out of the index's reach. PostgreSQL plans this well as it is."""
    if connection.vendor != "sqlite":
        return F(column)
    return Func(F(column), template="+%(expressions)s", output_field=IntegerField())


def open_counts_query(user, unit_id: int | None, column: str, now: dt.datetime | None = None):
    """The user's open problems grouped by `column`: n, and (given `now`) late, the overdue."""
    qs = scoped(user, unit_id).filter(open_q()).annotate(key=_grouped(column)).values("key")
    if now is None:
        return qs.annotate(n=Count("*")).order_by()
    # Counting due_at (every overdue problem has one) rather than the id keeps PostgreSQL on
    # the unfinished problems' covering index alone: the id would send it to the rows.
    return qs.annotate(n=Count("*"), late=Count("due_at", filter=overdue_q(now))).order_by()


def _open_counts(user, unit_id: int | None, column: str, now: dt.datetime | None = None):
    """{value of `column`: (open problems, of them overdue)} of the user's open problems."""
    rows = open_counts_query(user, unit_id, column, now)
    return {r["key"]: (r["n"], r.get("late", 0)) for r in rows}


def by_category(user, unit_id: int | None = None) -> list[dict]:
    """Open problems by main category (the list's `category` is the main category's code)."""
    from zhengzhi.ledger.models import Category

    counts = {k: n for k, (n, _late) in _open_counts(user, unit_id, "main_category_id").items()}
    cats = Category.objects.filter(pk__in=[k for k in counts if k]).values("id", "code", "name")
    out = []
    for c in sorted(cats, key=lambda c: (-counts[c["id"]], c["code"])):
        params = _with_unit({"open": "1", "category": c["code"]}, unit_id)
        out.append({"name": c["name"], "n": counts[c["id"]], "url": ledger_url(params)})
    return out


def by_unit(user, now: dt.datetime) -> list[dict]:
    """Open and overdue problems of the owner units with the most open problems. Units with
    none below them (communities, departments): the list's `unit` of a street holds its
    communities' problems too, so a street is not a bar of its own."""
    from zhengzhi.org.models import Unit

    counts = _open_counts(user, None, "owner_unit_id", now)
    units = Unit.objects.filter(pk__in=[k for k in counts if k], numchild=0).values("id", "name")
    top = sorted(units, key=lambda u: (-counts[u["id"]][0], u["name"]))[:TOP_UNITS]
    return [
        {
            "name": u["name"],
            "n": counts[u["id"]][0],
            "overdue": counts[u["id"]][1],
            "url": ledger_url({"open": "1", "unit": str(u["id"])}),
            "overdue_url": ledger_url({"overdue": "1", "unit": str(u["id"])}),
        }
        for u in top
    ]


def breakdown(user, now: dt.datetime, unit_id: int | None = None) -> dict:
    """The charts' open problems by category and (for the office) by unit."""
    out = {"categories": by_category(user, unit_id)}
    if unit_id is None:
        out["units"] = by_unit(user, now)
    return out


def on_time_weekly(
    user, now: dt.datetime, unit_id: int | None = None, closed_rows: dict | None = None
) -> list[dict]:
    """Per week (Monday to Sunday) of the last 12: problems closed that week with a deadline,
    and those of them closed on time; the rate is on time ÷ closed with a deadline."""
    today = timezone.localdate(now)
    first = today - dt.timedelta(days=today.weekday() + 7 * (RATE_WEEKS - 1))
    if closed_rows is None:
        closed_rows = closures(user, now, unit_id)
    weeks: dict[dt.date, list[int]] = {
        first + dt.timedelta(weeks=i): [0, 0] for i in range(RATE_WEEKS)
    }
    for (day, on_time), n in closed_rows.items():
        monday = day - dt.timedelta(days=day.weekday())
        if on_time is not None and monday in weeks:
            weeks[monday][0 if on_time else 1] += n
    out = []
    for monday, (on_time, late) in weeks.items():
        sunday = min(monday + dt.timedelta(days=6), today)
        span = {"closed_from": monday.isoformat(), "closed_to": sunday.isoformat()}
        out.append(
            {
                "week": monday.isoformat(),
                "on_time": on_time,
                "late": late,
                "rate": on_time / (on_time + late) if on_time + late else None,
                "on_time_url": ledger_url(_with_unit(span | {"on_time": "1"}, unit_id)),
                "late_url": ledger_url(_with_unit(span | {"on_time": "0"}, unit_id)),
            }
        )
    return out
