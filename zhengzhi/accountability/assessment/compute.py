"""The assessment (考核) of a month, a quarter or a year under a scheme: each month's points from
that month's facts (facts.month_facts), every point kept with the facts it came from; a quarter
and the year-end assessment (年终考核) are the mean of their months' totals (months still to
come are left out), so they are built from the months, not counted again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from zhengzhi.accountability.assessment.facts import month_facts, street_map, units_of
from zhengzhi.accountability.assessment.scheme import INDICATORS
from zhengzhi.accountability.models import AssessmentScheme, RecordKind

CENT = Decimal("0.01")


class AssessmentPeriodError(ValueError):
    pass


@dataclass
class ItemPoints:
    indicator: str
    weight: Decimal
    num: Decimal
    den: Decimal
    rate: Decimal | None  # None: no base this month
    points: Decimal


@dataclass
class Deduction:
    kind: str
    label: object
    count: int
    each: Decimal
    points: Decimal


@dataclass
class UnitMonth:
    items: list[ItemPoints]
    deductions: list[Deduction]
    deducted: Decimal
    total: Decimal
    yuan: int


@dataclass
class UnitResult:
    unit_id: int
    unit_name: str
    months: dict[str, UnitMonth] = field(default_factory=dict)
    total: Decimal = Decimal(0)
    rank: int = 0


@dataclass
class Assessment:
    scheme: AssessmentScheme
    key: str
    months: list[tuple[dt.date, dt.date]]
    rows: list[UnitResult]

    def month_keys(self) -> list[str]:
        return [f"{first:%Y-%m}" for first, _ in self.months]


def _q(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def months_of(key: str, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """ "2026-11" a month, "2026-Q4" a quarter, "2026" the year: its months up to this one."""
    try:
        if len(key) == 7 and key[4:6] == "-Q":
            year, quarter = int(key[:4]), int(key[6])
            if not 1 <= quarter <= 4:
                raise ValueError
            first_month, count = 3 * quarter - 2, 3
        elif len(key) == 7 and key[4] == "-":
            year, first_month, count = int(key[:4]), int(key[5:]), 1
        elif len(key) == 4:
            year, first_month, count = int(key), 1, 12
        else:
            raise ValueError
        if not 1 <= first_month <= 12 or not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        raise AssessmentPeriodError(key) from None
    out = []
    for m in range(first_month, first_month + count):
        first = dt.date(year, m, 1)
        if first > today:
            break
        last = dt.date(year + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
        out.append((first, last))
    if not out:
        raise AssessmentPeriodError(key)
    return out


def score_month(scheme: AssessmentScheme, facts: dict) -> UnitMonth:
    items = []
    for item in scheme.items:
        ind = INDICATORS[item["indicator"]]
        weight = Decimal(str(item["weight"]))
        num, den = Decimal(facts.get(ind.num, 0)), Decimal(facts.get(ind.den, 0))
        if den > 0:
            rate = min(Decimal(1), num / den)
            points = weight * (rate if ind.good else 1 - rate)
        else:
            rate, points = None, weight
        items.append(ItemPoints(ind.key, weight, num, den, rate, _q(points)))
    deductions = []
    for kind, each in (scheme.deductions or {}).items():
        count = int(facts.get(f"records_{kind}", 0))
        if count:
            each = Decimal(str(each))
            deductions.append(
                Deduction(kind, RecordKind(kind).label, count, each, _q(each * count))
            )
    deducted = min(sum((d.points for d in deductions), Decimal(0)), scheme.deduction_cap)
    earned = sum((i.points for i in items), Decimal(0))
    return UnitMonth(
        items,
        deductions,
        _q(deducted),
        _q(max(Decimal(0), earned - deducted)),
        facts.get("yuan", 0),
    )


def assess(
    scheme: AssessmentScheme,
    key: str,
    *,
    only: set[int] | None = None,
    now: dt.datetime | None = None,
) -> Assessment:
    """Every unit of the scheme's level (or those of `only`, a unit's own), ranked by total."""
    now = now or timezone.now()
    months = months_of(key, timezone.localdate(now))
    units = units_of(scheme.level, only)
    streets = street_map(scheme.level)
    rows = {uid: UnitResult(uid, name) for uid, name in units}
    for first, last in months:
        facts = month_facts(scheme.level, units, first, last, now=now, streets=streets)
        for uid, row in rows.items():
            row.months[f"{first:%Y-%m}"] = score_month(scheme, facts.get(uid, {}))
    for row in rows.values():
        totals = [m.total for m in row.months.values()]
        row.total = _q(sum(totals, Decimal(0)) / len(totals))
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.unit_name, r.unit_id))
    rank = 0
    for i, row in enumerate(ordered):
        if i == 0 or row.total != ordered[i - 1].total:
            rank = i + 1
        row.rank = rank
    return Assessment(scheme, key, months, ordered)
