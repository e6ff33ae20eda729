"""Every rule kind at its edges, and with missing years (pure: no database)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from zhengzhi.standards.rules import Outcome, Rule, RuleKind, evaluate

MET, NOT, UNK = Outcome.MET, Outcome.NOT_MET, Outcome.UNKNOWN


def y(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def one(value) -> dict:
    return {y(2025): value}


@pytest.mark.parametrize(
    ("kind", "target", "value", "outcome", "distance"),
    [
        (RuleKind.AT_LEAST, "90", "90", MET, "0"),
        (RuleKind.AT_LEAST, "90", "89.99", NOT, "0.01"),
        (RuleKind.AT_LEAST, "36", "32.03", NOT, "3.97"),
        (RuleKind.MORE_THAN, "90", "90.01", MET, "0"),
        (RuleKind.MORE_THAN, "90", "90", NOT, "0"),
        (RuleKind.AT_MOST, "60", "60", MET, "0"),
        (RuleKind.AT_MOST, "60", "60.5", NOT, "0.5"),
        (RuleKind.EQUALS, "100", "100", MET, "0"),
        (RuleKind.EQUALS, "100", "99.5", NOT, "0.5"),
        (RuleKind.EQUALS, "0", "1", NOT, "1"),
        (RuleKind.LOCAL_PLAN, "6.5", "6.5", MET, "0"),
        (RuleKind.LOCAL_PLAN, "6.5", "6.2", NOT, "0.3"),
        (RuleKind.SCORE, "200", "180", MET, "20"),
    ],
)
def test_thresholds_at_their_edges(kind, target, value, outcome, distance):
    result = evaluate(Rule(kind, D(target)), one(D(value)), y(2025))
    assert (result.outcome, result.distance) == (outcome, D(distance))


def test_a_score_above_the_parts_points_is_not_judged():
    assert evaluate(Rule(RuleKind.SCORE, D(50)), one(D(51)), y(2025)).reason == "bad_value"


@pytest.mark.parametrize(
    "kind", [RuleKind.AT_LEAST, RuleKind.AT_MOST, RuleKind.LOCAL_PLAN, RuleKind.EQUALS]
)
def test_no_target_is_unknown_never_a_guess(kind):
    result = evaluate(Rule(kind, None), one(D(1)), y(2025))
    assert (result.outcome, result.reason) == (UNK, "no_target")


def test_an_unset_rule_and_a_missing_value_are_unknown():
    assert evaluate(Rule(RuleKind.UNSET), one(D(1)), y(2025)).reason == "no_rule"
    result = evaluate(Rule(RuleKind.AT_LEAST, D(1)), {y(2024): D(5)}, y(2025))
    assert (result.outcome, result.reason, result.missing) == (UNK, "missing_value", (y(2025),))


def test_yes_no():
    assert evaluate(Rule(RuleKind.YES_NO), one(True), y(2025)).outcome == MET
    assert evaluate(Rule(RuleKind.YES_NO), one(False), y(2025)).outcome == NOT


@pytest.mark.parametrize(
    ("grade", "outcome", "distance"),
    [("A", MET, "0"), ("B", MET, "0"), ("C", MET, "0"), ("D", NOT, "1")],
)
def test_grade_at_least_c(grade, outcome, distance):
    result = evaluate(Rule(RuleKind.GRADE_AT_LEAST, grade="C"), one(grade), y(2025))
    assert (result.outcome, result.distance) == (outcome, D(distance))


def test_a_bad_grade_is_unknown():
    assert evaluate(Rule(RuleKind.GRADE_AT_LEAST, grade="C"), one("E"), y(2025)).outcome == UNK
    assert evaluate(Rule(RuleKind.GRADE_AT_LEAST), one("A"), y(2025)).reason == "no_target"


@pytest.mark.parametrize(
    ("kind", "before", "now", "outcome", "distance"),
    [
        (RuleKind.FALLS, "10", "9.9", MET, "0"),
        (RuleKind.FALLS, "10", "10", NOT, "0"),
        (RuleKind.FALLS, "10", "10.4", NOT, "0.4"),
        (RuleKind.RISES, "78", "78.1", MET, "0"),
        (RuleKind.RISES, "78", "78", NOT, "0"),
        (RuleKind.RISES, "78", "77.5", NOT, "0.5"),
    ],
)
def test_year_on_year(kind, before, now, outcome, distance):
    result = evaluate(Rule(kind), {y(2024): D(before), y(2025): D(now)}, y(2025))
    assert (result.outcome, result.distance) == (outcome, D(distance))


@pytest.mark.parametrize("kind", [RuleKind.FALLS, RuleKind.RISES])
def test_year_on_year_without_last_year_is_unknown(kind):
    # 2023 is there but 2024 is not: a gap year is not bridged.
    result = evaluate(Rule(kind), {y(2023): D(9), y(2025): D(8)}, y(2025))
    assert (result.outcome, result.reason, result.missing) == (UNK, "missing_years", (y(2024),))


def test_year_on_year_for_a_quarter_compares_the_same_quarter():
    q = {dt.date(2024, 4, 1): D(5), dt.date(2025, 1, 1): D(1), dt.date(2025, 4, 1): D(4)}
    assert evaluate(Rule(RuleKind.FALLS), q, dt.date(2025, 4, 1)).outcome == MET


def test_a_leap_day_period_compares_with_the_28th():
    series = {dt.date(2023, 2, 28): D(5), dt.date(2024, 2, 29): D(4)}
    assert evaluate(Rule(RuleKind.FALLS), series, dt.date(2024, 2, 29)).outcome == MET


@pytest.mark.parametrize(
    ("before", "now", "outcome", "distance", "reason"),
    [
        (None, "5.6", MET, "0", ""),  # at the target: met whatever the trend
        (None, "5.5", MET, "0", ""),
        ("6.5", "6.0", MET, "0", ""),  # above it but falling
        ("6.0", "6.0", NOT, "0.4", ""),  # above it and not falling: distance to the target
        ("5.9", "6.2", NOT, "0.6", ""),
        (None, "6.0", UNK, None, "missing_years"),  # above it, last year unknown
    ],
)
def test_at_most_or_falling(before, now, outcome, distance, reason):
    series = {y(2025): D(now)}
    if before is not None:
        series[y(2024)] = D(before)
    result = evaluate(Rule(RuleKind.AT_MOST_OR_FALLING, D("5.6")), series, y(2025))
    assert result.outcome == outcome
    assert result.distance == (D(distance) if distance is not None else None)
    assert result.reason == reason


def test_at_least_or_rising():
    rule = Rule(RuleKind.AT_LEAST_OR_RISING, D("78.3"))
    assert evaluate(rule, {y(2025): D("78.3")}, y(2025)).outcome == MET
    assert evaluate(rule, {y(2024): D(77), y(2025): D("77.5")}, y(2025)).outcome == MET
    result = evaluate(rule, {y(2024): D(77), y(2025): D(77)}, y(2025))
    assert (result.outcome, result.distance) == (NOT, D("1.3"))
    assert evaluate(rule, {y(2025): D(77)}, y(2025)).outcome == UNK


def _five(values, now):
    series = {y(2020 + i): D(v) for i, v in enumerate(values)}
    series[y(2025)] = D(now)
    return series


@pytest.mark.parametrize(
    ("now", "outcome", "distance"), [("30", MET, "0"), ("29", MET, "0"), ("30.5", NOT, "0.5")]
)
def test_not_above_the_mean_of_the_last_five_years(now, outcome, distance):
    series = _five(["20", "25", "30", "35", "40"], now)  # mean 30
    result = evaluate(Rule(RuleKind.NOT_ABOVE_MEAN, years=5), series, y(2025))
    assert (result.outcome, result.distance) == (outcome, D(distance))


def test_not_above_the_mean_with_a_missing_year_is_unknown():
    series = _five(["20", "25", "30", "35", "40"], "10")
    del series[y(2021)]
    result = evaluate(Rule(RuleKind.NOT_ABOVE_MEAN, years=5), series, y(2025))
    assert (result.outcome, result.missing) == (UNK, (y(2021),))
    # Three years asked (2022–2024): 2021 is not among them.
    assert evaluate(Rule(RuleKind.NOT_ABOVE_MEAN, years=3), series, y(2025)).outcome == MET


@pytest.mark.parametrize(
    ("rule", "series"),
    [
        (Rule(RuleKind.AT_LEAST, D(90)), {y(2025): D(90)}),
        (Rule(RuleKind.AT_LEAST, D(90)), {y(2025): D("89.9")}),
        (Rule(RuleKind.AT_LEAST), {y(2025): D(1)}),
        (Rule(RuleKind.MORE_THAN, D(90)), {y(2025): D(90)}),
        (Rule(RuleKind.EQUALS, D(0)), {y(2025): D(0)}),
        (Rule(RuleKind.GRADE_AT_LEAST, grade="C"), one("D")),
        (Rule(RuleKind.GRADE_AT_LEAST, grade="C"), one("B")),
        (Rule(RuleKind.GRADE_AT_LEAST, grade="C"), one("E")),
        (Rule(RuleKind.FALLS), {y(2024): D(5), y(2025): D(4)}),
        (Rule(RuleKind.RISES), {y(2024): D(5), y(2025): D(4)}),
        (Rule(RuleKind.FALLS), {y(2025): D(4)}),
        (Rule(RuleKind.AT_MOST_OR_FALLING, D(5)), {y(2024): D(7), y(2025): D(6)}),
        (Rule(RuleKind.NOT_ABOVE_MEAN, years=2), {y(2023): D(1), y(2024): D(3), y(2025): D(2)}),
        (Rule(RuleKind.YES_NO), one(False)),
        (Rule(RuleKind.AT_LEAST, D(1)), {}),
    ],
)
def test_the_fast_outcome_agrees_with_evaluate(rule, series):
    from zhengzhi.standards.rules import outcome

    assert outcome(rule, series, y(2025)) == evaluate(rule, series, y(2025)).outcome
