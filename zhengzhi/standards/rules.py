"""Indicator rules, typed: the kinds a standard's targets take, and their evaluation.

Pure Python (no database): `evaluate(rule, series, period)` takes the rule, the confirmed values
of one reporting unit by period, and the period to judge, and says met / not met / unknown with
the distance to the target in the indicator's own unit. A missing value, a missing earlier year
that a trend rule needs, or a target nobody has entered gives "unknown", never a guess.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleKind(models.TextChoices):
    AT_LEAST = "at_least", _("at least")  # ≥
    MORE_THAN = "more_than", _("more than")  # >
    AT_MOST = "at_most", _("at most")  # ≤
    EQUALS = "equals", _("equals")  # =
    YES_NO = "yes_no", _("yes (required) / no")  # 有/无
    GRADE_AT_LEAST = "grade_at_least", _("grade at least")  # 病媒 A–D
    FALLS = "falls", _("falls year on year")  # 逐年下降
    RISES = "rises", _("rises year on year")  # 逐年提高
    AT_MOST_OR_FALLING = "at_most_or_falling", _("at most the target, or falling")  # X 或持续降低
    AT_LEAST_OR_RISING = "at_least_or_rising", _("at least the target, or rising")  # X 或逐年提高
    NOT_ABOVE_MEAN = "not_above_mean", _("not above the mean of the last years")  # 近5年平均
    LOCAL_PLAN = "local_plan", _("meets the local plan")  # 符合区域规划: target entered locally
    SCORE = "score", _("points scored (of the part's points)")  # a scored table's part
    UNSET = "unset", _("not yet known")  # the shipped target is unconfirmed: the office sets it


class Outcome(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    UNKNOWN = "unknown", _("Unknown")


# Vector-density control grades (GB/T 27770–27773): A is best; the sanitary city needs C.
GRADES = ("A", "B", "C", "D")
# Rules whose value is a number (the others: a yes/no or a grade).
NUMERIC = frozenset(set(RuleKind) - {RuleKind.YES_NO, RuleKind.GRADE_AT_LEAST, RuleKind.UNSET})
# Rules that need a target value (the trend-only rules do not).
NEEDS_TARGET = frozenset(
    {
        RuleKind.AT_LEAST,
        RuleKind.MORE_THAN,
        RuleKind.AT_MOST,
        RuleKind.EQUALS,
        RuleKind.AT_MOST_OR_FALLING,
        RuleKind.AT_LEAST_OR_RISING,
        RuleKind.LOCAL_PLAN,
        RuleKind.SCORE,
    }
)
# Rules for which a higher value is better (for the projection and the charts).
HIGHER_IS_BETTER = frozenset(
    {
        RuleKind.AT_LEAST,
        RuleKind.MORE_THAN,
        RuleKind.RISES,
        RuleKind.AT_LEAST_OR_RISING,
        RuleKind.LOCAL_PLAN,
        RuleKind.SCORE,
    }
)


@dataclass(frozen=True)
class Rule:
    kind: str
    target: Decimal | None = None
    grade: str = ""  # GRADE_AT_LEAST: the worst grade still accepted
    years: int = 5  # NOT_ABOVE_MEAN: how many earlier years make the mean


# A value: a Decimal for numeric rules, a bool for YES_NO, a grade letter for GRADE_AT_LEAST.
Value = Decimal | bool | str


@dataclass(frozen=True)
class Result:
    outcome: str
    value: Value | None = None
    distance: Decimal | None = None  # how far from the target, in the indicator's unit (≥ 0)
    reason: str = ""  # a short machine code: missing_value, missing_years, no_target…
    missing: tuple[dt.date, ...] = field(default_factory=tuple)  # the periods a rule lacked

    @property
    def met(self) -> bool:
        return self.outcome == Outcome.MET

    @property
    def failed(self) -> bool:
        return self.outcome == Outcome.NOT_MET


def year_before(period: dt.date, years: int = 1) -> dt.date:
    try:
        return period.replace(year=period.year - years)
    except ValueError:  # 29 February
        return period.replace(year=period.year - years, day=28)


def _met(ok: bool, value: Value, distance: Decimal | None = None) -> Result:
    if ok:
        return Result(Outcome.MET, value, Decimal(0))
    return Result(Outcome.NOT_MET, value, distance)


def _unknown(reason: str, value: Value | None = None, missing=()) -> Result:
    return Result(Outcome.UNKNOWN, value, None, reason, tuple(missing))


def _previous(series: Mapping[dt.date, Value], period: dt.date) -> Value | None:
    return series.get(year_before(period))


def evaluate(rule: Rule, series: Mapping[dt.date, Value], period: dt.date) -> Result:
    """Judges the value of `period` (and, for trend rules, the values of the years before)."""
    value = series.get(period)
    if value is None:
        return _unknown("missing_value", missing=(period,))
    kind = rule.kind
    if kind == RuleKind.UNSET:
        return _unknown("no_rule", value)
    if kind in NEEDS_TARGET and rule.target is None:
        return _unknown("no_target", value)
    if kind == RuleKind.YES_NO:
        return _met(bool(value), value)
    if kind == RuleKind.GRADE_AT_LEAST:
        if value not in GRADES or rule.grade not in GRADES:
            return _unknown("no_target" if value in GRADES else "bad_value", value)
        short = GRADES.index(value) - GRADES.index(rule.grade)
        return _met(short <= 0, value, Decimal(short))
    if not isinstance(value, Decimal):
        return _unknown("bad_value", value)
    target = rule.target
    if kind in (RuleKind.AT_LEAST, RuleKind.LOCAL_PLAN):
        assert target is not None
        return _met(value >= target, value, target - value)
    if kind == RuleKind.MORE_THAN:
        assert target is not None
        return _met(value > target, value, target - value)
    if kind == RuleKind.AT_MOST:
        assert target is not None
        return _met(value <= target, value, value - target)
    if kind == RuleKind.EQUALS:
        assert target is not None
        return _met(value == target, value, abs(value - target))
    if kind == RuleKind.SCORE:
        # A part of a scored table is judged as a whole against the pass line; here only
        # whether the score is possible, and the points lost.
        assert target is not None
        if value < 0 or value > target:
            return _unknown("bad_value", value)
        return Result(Outcome.MET, value, target - value)
    if kind in (RuleKind.FALLS, RuleKind.RISES):
        return _trend(kind == RuleKind.FALLS, value, series, period)
    if kind == RuleKind.AT_MOST_OR_FALLING:
        assert target is not None
        if value <= target:
            return _met(True, value)
        trend = _trend(True, value, series, period)
        if trend.outcome == Outcome.NOT_MET:
            return Result(Outcome.NOT_MET, value, value - target)
        return trend
    if kind == RuleKind.AT_LEAST_OR_RISING:
        assert target is not None
        if value >= target:
            return _met(True, value)
        trend = _trend(False, value, series, period)
        if trend.outcome == Outcome.NOT_MET:
            return Result(Outcome.NOT_MET, value, target - value)
        return trend
    if kind == RuleKind.NOT_ABOVE_MEAN:
        earlier = [year_before(period, n) for n in range(1, max(rule.years, 1) + 1)]
        missing = [p for p in earlier if not isinstance(series.get(p), Decimal)]
        if missing:
            return _unknown("missing_years", value, missing)
        numbers = [v for p in earlier if isinstance(v := series.get(p), Decimal)]
        mean = sum(numbers, Decimal(0)) / len(numbers)
        return _met(value <= mean, value, value - mean)
    return _unknown("unknown_rule", value)


def _trend(falls: bool, value: Decimal, series: Mapping[dt.date, Value], period: dt.date) -> Result:
    before = _previous(series, period)
    if not isinstance(before, Decimal):
        return _unknown("missing_years", value, (year_before(period),))
    ok = value < before if falls else value > before
    # The distance: how much the value must still move past last year's.
    return _met(ok, value, value - before if falls else before - value)


# The plain thresholds: one comparison with the target says met or not, and the distance of a
# failure is a subtraction. C functions: the gap makes some 20,000 of each for a county.
PLAIN_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    RuleKind.AT_LEAST: operator.ge,
    RuleKind.LOCAL_PLAN: operator.ge,
    RuleKind.MORE_THAN: operator.gt,
    RuleKind.AT_MOST: operator.le,
    RuleKind.EQUALS: operator.eq,
}
# (value, target) -> the distance evaluate() gives a failure
PLAIN_DISTANCE: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    RuleKind.AT_LEAST: lambda v, t: t - v,
    RuleKind.LOCAL_PLAN: lambda v, t: t - v,
    RuleKind.MORE_THAN: lambda v, t: t - v,
    RuleKind.AT_MOST: operator.sub,
    RuleKind.EQUALS: lambda v, t: abs(v - t),
}


def outcome(rule: Rule, series: Mapping[dt.date, Value], period: dt.date) -> str:
    """evaluate(...).outcome, without building a Result for the plain thresholds: the gap judges
    every unit in every period (200 units x 4 years x 59 indicators in a county)."""
    kind = rule.kind
    compare = PLAIN_COMPARE.get(kind)
    value = series.get(period)
    if compare is not None and isinstance(value, Decimal) and rule.target is not None:
        return Outcome.MET if compare(value, rule.target) else Outcome.NOT_MET
    if kind == RuleKind.GRADE_AT_LEAST and value in GRADES and rule.grade in GRADES:
        ok = GRADES.index(value) <= GRADES.index(rule.grade)  # type: ignore[arg-type]
        return Outcome.MET if ok else Outcome.NOT_MET
    if kind in (RuleKind.FALLS, RuleKind.RISES) and isinstance(value, Decimal):
        before = series.get(year_before(period))
        if not isinstance(before, Decimal):
            return Outcome.UNKNOWN
        ok = value < before if kind == RuleKind.FALLS else value > before
        return Outcome.MET if ok else Outcome.NOT_MET
    return evaluate(rule, series, period).outcome
