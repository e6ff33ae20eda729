"""The gap analysis ("will we pass the review?"), pure: specs and values in, a report out.

`analyse()` takes a version's indicators and prerequisites (as plain specs), the confirmed values
of their measures by reporting unit and period, the office's bases and the review date. Each
indicator is judged for every unit that reports it, at that unit's latest period; the indicator's
outcome is its worst unit's. A prerequisite fails if one of its conditions fails (一票否决); only
a confirmed prerequisite with confirmed conditions fails the whole, an unconfirmed one is shown as
"would fail". Failing indicators are projected to the review date by a least-squares line over
at least three periods; with fewer the projection is unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from zhengzhi.standards.rules import (
    NUMERIC,
    PLAIN_COMPARE,
    PLAIN_DISTANCE,
    Outcome,
    Result,
    Rule,
    RuleKind,
    Value,
    evaluate,
    outcome,
)

MIN_PERIODS = 3  # the least-squares projection needs at least this many confirmed periods
_RANK: dict[str, int] = {Outcome.MET: 0, Outcome.UNKNOWN: 1, Outcome.NOT_MET: 2}

# values[measure_id][unit_id][period] = value
Values = Mapping[int, Mapping[int, Mapping[dt.date, Value]]]


@dataclass(frozen=True)
class IndicatorSpec:
    id: int
    code: str
    number: str
    name: str
    measure_id: int
    unit: str
    rule: Rule
    confirmed: bool = True
    in_table: bool = True
    category_id: int | None = None
    item_id: int | None = None
    base: str = ""
    absolute_label: str = ""
    absolute_unit: str = ""


@dataclass(frozen=True)
class PrerequisiteSpec:
    id: int
    number: str
    text: str
    conditions: tuple[int, ...]  # indicator ids
    confirmed: bool = True


@dataclass(frozen=True)
class Projection:
    value: Decimal | None  # at the review date; None: unknown (fewer than MIN_PERIODS)
    slope: Decimal | None  # per year
    periods: int
    meets: bool | None  # would the rule be met at the review date, if it can be said


@dataclass
class IndicatorGap:
    spec: IndicatorSpec
    outcome: str
    result: Result | None  # the worst unit's
    unit_id: int | None
    period: dt.date | None
    units: dict[int, str] = field(default_factory=dict)  # each unit's outcome, latest period
    latest: dict[int, dt.date] = field(default_factory=dict)
    absolute: Decimal | None = None
    projection: Projection | None = None

    @property
    def enforced(self) -> bool:
        return self.spec.confirmed

    @property
    def distance(self) -> Decimal | None:
        return self.result.distance if self.result is not None else None


@dataclass
class PrerequisiteGap:
    spec: PrerequisiteSpec
    outcome: str
    enforced: bool
    failing: list[IndicatorGap]
    unknown: list[IndicatorGap]


@dataclass
class GroupGap:
    id: int
    met: int = 0
    not_met: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        return self.met + self.not_met + self.unknown

    @property
    def met_share(self) -> float | None:
        judged = self.met + self.not_met
        return self.met / judged if judged else None


@dataclass
class PeriodCount:
    period: dt.date
    met: int = 0
    not_met: int = 0
    unknown: int = 0
    indicators: dict[str, list[int]] = field(default_factory=dict)  # outcome -> indicator ids


class Verdict:
    FAILS = "fails"  # a confirmed prerequisite fails: the whole fails
    WOULD_FAIL = "would_fail"  # only unconfirmed prerequisites fail
    UNKNOWN = "unknown"  # no prerequisite fails, some cannot be judged
    PASSES = "passes"  # every prerequisite is met


@dataclass
class Report:
    indicators: list[IndicatorGap]
    prerequisites: list[PrerequisiteGap]
    verdict: str
    categories: list[GroupGap]
    items: list[GroupGap]
    trend: list[PeriodCount]

    def count(self, outcome: str) -> int:
        return sum(1 for g in self.indicators if g.spec.in_table and g.outcome == outcome)


def _worse(a: Result, b: Result) -> bool:
    """Is a worse than b (a failure before an unknown before a success; the farther first)."""
    ra, rb = _RANK[a.outcome], _RANK[b.outcome]
    if ra != rb:
        return ra > rb
    return (a.distance or Decimal(0)) > (b.distance or Decimal(0))


def absolute_gap(
    spec: IndicatorSpec, distance: Decimal | None, bases: Mapping[str, Decimal]
) -> Decimal | None:
    """The gap times the office's base: 3.29 percentage points of a 29.18 km² built-up area is
    about 96万 m² of green land (a percentage is of the base; km² are given in m²)."""
    if distance is None or distance <= 0 or not spec.base or bases.get(spec.base) is None:
        return None
    base = Decimal(bases[spec.base])
    amount = distance * base
    if spec.unit == "%":
        amount /= 100
    return amount


def _year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def project(rule: Rule, series: Mapping[dt.date, Value], review: dt.date) -> Projection:
    """Least squares over the numeric periods of `series`, read at the review date."""
    points = sorted((p, v) for p, v in series.items() if isinstance(v, Decimal))
    if len(points) < MIN_PERIODS or rule.kind not in NUMERIC:
        return Projection(None, None, len(points), None)
    xs = [_year_fraction(p) for p, _ in points]
    ys = [float(v) for _, v in points]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    at = my + slope * (_year_fraction(review) - mx)
    value = Decimal(str(round(at, 4)))
    return Projection(value, Decimal(str(round(slope, 4))), n, _meets(rule, value, slope))


def _meets(rule: Rule, value: Decimal, slope: float) -> bool | None:
    kind, target = rule.kind, rule.target
    if kind == RuleKind.FALLS:
        return slope < 0
    if kind == RuleKind.RISES:
        return slope > 0
    if target is None:
        return None
    if kind in (RuleKind.AT_LEAST, RuleKind.LOCAL_PLAN):
        return value >= target
    if kind == RuleKind.MORE_THAN:
        return value > target
    if kind == RuleKind.AT_MOST:
        return value <= target
    if kind == RuleKind.AT_MOST_OR_FALLING:
        return value <= target or slope < 0
    if kind == RuleKind.AT_LEAST_OR_RISING:
        return value >= target or slope > 0
    return None


def judge(
    spec: IndicatorSpec,
    by_unit: Mapping[int, Mapping[dt.date, Value]],
    bases: Mapping[str, Decimal],
    review: dt.date | None,
) -> IndicatorGap:
    worst: Result | None = None
    worst_unit = worst_period = None
    results: dict[int, str] = {}
    latest: dict[int, dt.date] = {}
    worst_rank = -1
    rule = spec.rule
    # A plain threshold is judged inline (no call, no Result) for each of some 200 units.
    target = rule.target if rule.kind in PLAIN_COMPARE else None
    compare = PLAIN_COMPARE.get(rule.kind)
    distance = PLAIN_DISTANCE.get(rule.kind)
    met: str = Outcome.MET
    not_met: str = Outcome.NOT_MET
    failing = _RANK[not_met]
    for unit_id, series in by_unit.items():
        if not series:
            continue
        period = latest[unit_id] = max(series)
        value = series[period]
        far: Decimal | None = None  # a plain failure's distance
        if target is not None and compare is not None and isinstance(value, Decimal):
            found = met if compare(value, target) else not_met
            if found == not_met and distance is not None:
                far = distance(value, target)
        else:
            found = outcome(rule, series, period)
        results[unit_id] = found
        rank = _RANK[found]
        if rank < worst_rank or (rank == worst_rank and rank != failing):
            continue  # not worse than the worst so far (failures compare by distance)
        if (
            far is not None
            and worst is not None
            and rank == worst_rank
            and far <= (worst.distance or Decimal(0))
        ):
            continue  # a failure no farther than the worst: no Result needed
        result = evaluate(rule, series, period)
        if worst is None or _worse(result, worst):
            worst, worst_unit, worst_period, worst_rank = result, unit_id, period, rank
    if worst is None:
        return IndicatorGap(spec, Outcome.UNKNOWN, None, None, None)
    gap = IndicatorGap(spec, worst.outcome, worst, worst_unit, worst_period, results, latest)
    if worst.outcome == Outcome.NOT_MET:
        gap.absolute = absolute_gap(spec, worst.distance, bases)
        if review is not None and worst_unit is not None:
            gap.projection = project(spec.rule, by_unit[worst_unit], review)
    return gap


def _prerequisite(spec: PrerequisiteSpec, gaps: Mapping[int, IndicatorGap]) -> PrerequisiteGap:
    conditions = [gaps[i] for i in spec.conditions if i in gaps]
    failing = [g for g in conditions if g.outcome == Outcome.NOT_MET]
    unknown = [g for g in conditions if g.outcome == Outcome.UNKNOWN]
    if not conditions:
        state = Outcome.UNKNOWN
    elif failing:
        state = Outcome.NOT_MET
    elif unknown:
        state = Outcome.UNKNOWN
    else:
        state = Outcome.MET
    enforced = spec.confirmed and all(g.enforced for g in conditions)
    return PrerequisiteGap(spec, state, enforced, failing, unknown)


def _verdict(prerequisites: list[PrerequisiteGap]) -> str:
    if any(p.outcome == Outcome.NOT_MET and p.enforced for p in prerequisites):
        return Verdict.FAILS
    if any(p.outcome == Outcome.NOT_MET for p in prerequisites):
        return Verdict.WOULD_FAIL
    if any(p.outcome == Outcome.UNKNOWN for p in prerequisites):
        return Verdict.UNKNOWN
    return Verdict.PASSES


def _groups(gaps: Iterable[IndicatorGap], key: str) -> list[GroupGap]:
    groups: dict[int, GroupGap] = {}
    for g in gaps:
        gid = getattr(g.spec, key)
        if gid is None:
            continue
        group = groups.setdefault(gid, GroupGap(gid))
        setattr(group, g.outcome, getattr(group, g.outcome) + 1)
    # The weakest first: most indicators failing, then the lowest share met.
    return sorted(
        groups.values(),
        key=lambda x: (-x.not_met, x.met_share if x.met_share is not None else 2.0, x.id),
    )


def _trend(gaps: Iterable[IndicatorGap], values: Values) -> list[PeriodCount]:
    """Per period that has values: how many table indicators were met, not met, unknown then
    (each judged on the units reporting in that period; a unit's latest period is judged
    already)."""
    periods = sorted(
        {p for by_unit in values.values() for series in by_unit.values() for p in series}
    )
    counts = [PeriodCount(p) for p in periods]
    for g in gaps:
        spec = g.spec
        if not spec.in_table:
            continue
        by_unit = values.get(spec.measure_id, {})
        target = spec.rule.target
        compare = PLAIN_COMPARE.get(spec.rule.kind) if target is not None else None
        for row in counts:
            worst: str | None = None
            period = row.period
            for unit_id, series in by_unit.items():
                value = series.get(period)
                if value is None:
                    continue
                found: str
                if compare is not None and target is not None and isinstance(value, Decimal):
                    found = Outcome.MET if compare(value, target) else Outcome.NOT_MET
                elif g.latest.get(unit_id) == period:
                    found = g.units[unit_id]
                else:
                    found = outcome(spec.rule, series, period)
                if worst is None or _RANK[found] > _RANK[worst]:
                    worst = found
                if worst == Outcome.NOT_MET:
                    break
            final = worst or Outcome.UNKNOWN
            setattr(row, final, getattr(row, final) + 1)
            row.indicators.setdefault(final, []).append(spec.id)  # what the chart drills to
    return counts


def analyse(
    indicators: Iterable[IndicatorSpec],
    prerequisites: Iterable[PrerequisiteSpec],
    values: Values,
    *,
    bases: Mapping[str, Decimal] | None = None,
    review: dt.date | None = None,
) -> Report:
    bases = bases or {}
    specs = list(indicators)
    gaps = [judge(s, values.get(s.measure_id, {}), bases, review) for s in specs]
    by_id = {g.spec.id: g for g in gaps}
    pre = [_prerequisite(p, by_id) for p in prerequisites]
    table = [g for g in gaps if g.spec.in_table]
    return Report(
        indicators=gaps,
        prerequisites=pre,
        verdict=_verdict(pre),
        categories=_groups(table, "category_id"),
        items=_groups(table, "item_id"),
        trend=_trend(gaps, values),
    )


@dataclass(frozen=True)
class ScoredPart:
    id: int
    name: str
    points: Decimal
    score: Decimal | None


@dataclass(frozen=True)
class ScoreReport:
    parts: list[ScoredPart]
    total: Decimal | None  # None while a part has no score
    points: Decimal
    pass_line: Decimal | None
    passes: bool | None  # None: a score or the pass line is missing

    @property
    def weakest(self) -> list[ScoredPart]:
        scored = [p for p in self.parts if p.score is not None and p.points]
        return sorted(scored, key=lambda p: (p.score or 0) / p.points)


def score(parts: Iterable[ScoredPart], pass_line: Decimal | None) -> ScoreReport:
    parts = list(parts)
    points = sum((p.points for p in parts), Decimal(0))
    missing = any(p.score is None for p in parts)
    total = None if missing else sum((p.score or Decimal(0) for p in parts), Decimal(0))
    passes = None if total is None or pass_line is None else total >= pass_line
    return ScoreReport(parts, total, points, pass_line, passes)
