"""The facts of one month for every unit of a level, each from one grouped query, reusing the
ledger's indicators (ledger.indicators.unit_indicators) rather than counting problems again:

- the ledger: the counts and rates of the ledger's indicators (on-time closure, closure, rework,
  returns, satisfaction) with their bases;
- campaigns: the progress reports whose cut-off fell in the month (current versions), of
  those the ones not late, and the reports due in the month never submitted (missing: they
  count against the unit like late ones); the unit's tasks on schedule on the month's last
  day (assessment/campaign_facts.py, on campaigns' own rules and dispatch sheet);
- inspections: the submitted scored visits of the month, their points and the points that
  applied (the score rate is their ratio, a visit weighing by its table's size);
- accountability: the records issued to the unit in the month, by kind, with their yuan.

At the street level, what a community's facts are rolls up to its street (materialised paths),
as the ledger's `by="street"` does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, Sum

from zhengzhi.accountability.assessment.campaign_facts import missing_counts, task_standings
from zhengzhi.accountability.models import Record, RecordStatus
from zhengzhi.ledger.indicators import unit_indicators
from zhengzhi.ledger.indicators.periods import day_start
from zhengzhi.ledger.indicators.ranking import level_units
from zhengzhi.org.models import Unit

BY = {"community": "owner", "street": "street", "department": "department"}
LEDGER = (
    "closed_on_time",
    "on_time_base",
    "closed",
    "closure_base",
    "reworked",
    "rework_base",
    "returns",
    "return_base",
    "satisfied",
    "satisfaction_base",
)


def units_of(level: str, only: set[int] | None = None) -> list[tuple[int, str]]:
    qs = level_units(level)
    if only is not None:
        qs = qs.filter(pk__in=only)
    return list(qs.values_list("id", "name"))


def street_map(level: str) -> dict[int, int] | None:
    """{unit id: its street id} for the street level (None otherwise)."""
    if level != "street":
        return None
    rows = list(Unit.objects.values_list("id", "path", "level"))
    streets = {path: uid for uid, path, lvl in rows if lvl == "street"}
    out = {}
    for uid, path, _lvl in rows:
        for cut in range(len(path), 0, -Unit.steplen):
            street = streets.get(path[:cut])
            if street is not None:
                out[uid] = street
                break
    return out


def _roll(rows, streets: dict[int, int] | None, wanted: set[int]):
    for row in rows:
        uid = row["unit"] if streets is None else streets.get(row["unit"])
        if uid in wanted:
            yield uid, row


def month_facts(
    level: str,
    units: list[tuple[int, str]],
    first: dt.date,
    last: dt.date,
    *,
    now: dt.datetime,
    streets: dict[int, int] | None = None,
) -> dict[int, dict]:
    """{unit id: {fact: value}} for the days [first, last]."""
    from zhengzhi.campaigns.models import ProgressReport
    from zhengzhi.inspections.models import Visit

    wanted = {uid for uid, _ in units}
    start, end = day_start(first), day_start(last + dt.timedelta(days=1))
    facts: dict[int, dict] = {uid: defaultdict(int) for uid in wanted}
    for row in unit_indicators(first, last, units=[u for u, _ in units], by=BY[level], now=now):
        if row["unit_id"] in facts:
            facts[row["unit_id"]].update({k: row.get(k) or 0 for k in LEDGER})

    reports = (
        ProgressReport.objects.filter(is_current=True, cutoff_at__gte=start, cutoff_at__lt=end)
        .values("unit")
        .annotate(n=Count("id"), late=Count("id", filter=Q(late=True)))
    )
    for uid, row in _roll(reports, streets, wanted):
        facts[uid]["reports"] += row["n"]
        facts[uid]["reports_due"] += row["n"]
        facts[uid]["reports_on_time"] += row["n"] - row["late"]
    missing = missing_counts(first, last, now)
    for uid, row in _roll(({"unit": u, "n": n} for u, n in missing.items()), streets, wanted):
        facts[uid]["reports_missing"] += row["n"]
        facts[uid]["reports_due"] += row["n"]
    standings = task_standings(first, last, now)
    for uid, row in _roll(({"unit": u, **v} for u, v in standings.items()), streets, wanted):
        facts[uid]["tasks_on_schedule"] += row["tasks_on_schedule"]
        facts[uid]["tasks_measured"] += row["tasks_measured"]

    visits = (
        Visit.objects.filter(
            status="submitted",
            submitted_at__gte=start,
            submitted_at__lt=end,
            score__isnull=False,
            max_score__gt=0,
        )
        .values("unit")
        .annotate(n=Count("id"), points=Sum("score"), max=Sum("max_score"))
    )
    for uid, row in _roll(visits, streets, wanted):
        facts[uid]["visits"] += row["n"]
        facts[uid]["inspection_points"] += row["points"]
        facts[uid]["inspection_max"] += row["max"]

    records = (
        Record.objects.filter(
            status__in=(RecordStatus.ISSUED, RecordStatus.ANSWERED),
            approved_at__gte=start,
            approved_at__lt=end,
        )
        .values("unit", "kind")
        .annotate(n=Count("id"), yuan=Sum("total"))
    )
    for uid, row in _roll(records, streets, wanted):
        facts[uid][f"records_{row['kind']}"] += row["n"]
        facts[uid]["yuan"] += row["yuan"] or 0
    return {uid: dict(f) for uid, f in facts.items()}
