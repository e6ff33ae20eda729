"""The gap analysis (pure): seed 004's figures, the veto, the projection, groups and trend."""

import datetime as dt
from decimal import Decimal as D

import pytest

from zhengzhi.standards.gap import (
    IndicatorSpec,
    PrerequisiteSpec,
    ScoredPart,
    Verdict,
    analyse,
    project,
    score,
)
from zhengzhi.standards.rules import Outcome, Rule, RuleKind


def y(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def spec(id, name, measure, unit, target, **kw) -> IndicatorSpec:
    rule = kw.pop("rule", Rule(RuleKind.AT_LEAST, D(target) if target is not None else None))
    return IndicatorSpec(id, str(id), str(id), name, measure, unit, rule, **kw)


# The thresholds seed 004's figures imply (黄冈, 十项基本条件): a fixture, not the shipped 2014
# data (whose 人均公园绿地 is 8.5 m²).
SEED = [
    spec(1, "建成区绿化覆盖率", 1, "%", "36", category_id=10, base="built_up_area"),
    spec(
        2,
        "建成区绿地率",
        2,
        "%",
        "31",
        category_id=10,
        base="built_up_area",
        absolute_label="绿地",
        absolute_unit="m²",
    ),
    spec(3, "人均公园绿地面积", 3, "m²", "8", category_id=10, base="population"),
    spec(4, "群众对卫生状况满意率", 4, "%", "90", category_id=20),
]
OFFICE, STREET = 100, 200
SEED_VALUES = {
    1: {OFFICE: {y(2011): D("32.03")}},
    2: {OFFICE: {y(2011): D("27.71")}},
    3: {OFFICE: {y(2011): D("5.53")}},
    4: {OFFICE: {y(2011): D("80")}},
}
# 建成区 about 29.18 km² and about 28.7万 residents: 3.29 points of green land is about 96万 m²,
# 2.47 m² of park per person about 71万 m² (the seed: 新增绿地96万、公园绿地71万平方米).
BASES = {"built_up_area": D("29180000"), "population": D("287500")}


def test_seed_004_gives_its_figures_exactly():
    report = analyse(SEED, [], SEED_VALUES, bases=BASES, review=dt.date(2013, 6, 30))
    gaps = {g.spec.id: g for g in report.indicators}
    assert [gaps[i].outcome for i in (1, 2, 3, 4)] == [Outcome.NOT_MET] * 4
    assert [gaps[i].distance for i in (1, 2, 3, 4)] == [D("3.97"), D("3.29"), D("2.47"), D(10)]
    assert round(gaps[2].absolute / 10000) == 96  # 还需绿地约 96 万 m²
    assert round(gaps[3].absolute / 10000) == 71
    assert gaps[4].absolute is None  # no base for satisfaction
    assert gaps[1].unit_id == OFFICE and gaps[1].period == y(2011)
    # One period only: no projection can be made.
    assert gaps[1].projection.value is None and gaps[1].projection.meets is None
    assert report.count(Outcome.NOT_MET) == 4


def _prerequisites(confirmed=True):
    return [
        PrerequisiteSpec(1, "5", "绿化覆盖率≥36%且人均公园绿地≥8m²", (1, 3), confirmed),
        PrerequisiteSpec(2, "11", "满意率≥90%", (4,), True),
    ]


def test_a_failing_prerequisite_fails_the_whole():
    values = dict(SEED_VALUES)
    values[4] = {OFFICE: {y(2011): D("91")}}
    report = analyse(SEED, _prerequisites(), values)
    assert report.verdict == Verdict.FAILS
    first, second = report.prerequisites
    assert first.outcome == Outcome.NOT_MET and first.enforced
    assert [g.spec.id for g in first.failing] == [1, 3]
    assert second.outcome == Outcome.MET


def test_an_unconfirmed_prerequisite_is_shown_but_not_enforced():
    values = dict(SEED_VALUES)
    values[4] = {OFFICE: {y(2011): D("91")}}
    report = analyse(SEED, _prerequisites(confirmed=False), values)
    assert report.verdict == Verdict.WOULD_FAIL
    assert not report.prerequisites[0].enforced
    # An unconfirmed condition makes a confirmed prerequisite unenforced too.
    specs = [*SEED[:3], spec(4, "满意率", 4, "%", "90", confirmed=False)]
    report = analyse(specs, _prerequisites()[1:], SEED_VALUES)
    assert report.verdict == Verdict.WOULD_FAIL


def test_unknown_and_passing_prerequisites():
    values = {1: {OFFICE: {y(2011): D(40)}}, 3: {OFFICE: {y(2011): D(9)}}}
    report = analyse(SEED, _prerequisites(), values)
    assert report.verdict == Verdict.UNKNOWN  # satisfaction has no value
    values[4] = {OFFICE: {y(2011): D(90)}}
    assert analyse(SEED, _prerequisites(), values).verdict == Verdict.PASSES


def test_the_worst_unit_decides():
    values = {4: {OFFICE: {y(2024): D(95)}, STREET: {y(2024): D(85)}, 300: {y(2024): D(88)}}}
    gap = analyse(SEED[3:], [], values).indicators[0]
    assert (gap.outcome, gap.unit_id, gap.distance) == (Outcome.NOT_MET, STREET, D(5))
    assert set(gap.units) == {OFFICE, STREET, 300}
    # Each unit is judged at its own latest period.
    values = {4: {OFFICE: {y(2023): D(80), y(2024): D(95)}}}
    assert analyse(SEED[3:], [], values).indicators[0].outcome == Outcome.MET


@pytest.mark.parametrize(
    ("kind", "numbers", "farthest", "distance"),
    [
        (RuleKind.AT_LEAST, [89, 70, 85, 70], 1, D(20)),  # the first of two equal failures
        (RuleKind.MORE_THAN, [90, 95, 60], 2, D(30)),
        (RuleKind.AT_MOST, [95, 91, 99, 90], 2, D(9)),
        (RuleKind.EQUALS, [90, 93, 84, 96], 2, D(6)),
        (RuleKind.LOCAL_PLAN, [91, 80, 95], 1, D(10)),
    ],
)
def test_the_farthest_failure_decides_whatever_the_order(kind, numbers, farthest, distance):
    rule = Rule(kind, D(90))
    values = {4: {unit: {y(2024): D(n)} for unit, n in enumerate(numbers)}}
    specs = [spec(4, "满意度", 4, "%", None, rule=rule)]
    gap = analyse(specs, [], values).indicators[0]
    assert (gap.outcome, gap.unit_id, gap.distance) == (Outcome.NOT_MET, farthest, distance)
    assert gap.result is not None and gap.result.value == D(numbers[farthest])


def test_no_values_at_all_is_unknown():
    gap = analyse(SEED[:1], [], {}).indicators[0]
    assert (gap.outcome, gap.result, gap.unit_id) == (Outcome.UNKNOWN, None, None)


RULE = Rule(RuleKind.AT_LEAST, D(36))


def test_projection_needs_three_periods():
    two = {y(2023): D(31), y(2024): D(32)}
    p = project(RULE, two, y(2026))
    assert (p.value, p.slope, p.periods, p.meets) == (None, None, 2, None)


def test_projection_with_three_periods():
    three = {y(2022): D(30), y(2023): D(31), y(2024): D(32)}
    p = project(RULE, three, y(2026))
    assert (p.value, p.slope, p.periods, p.meets) == (D(34), D(1), 3, False)


def test_projection_with_five_periods_reaching_the_target():
    five = {y(2020 + i): D(v) for i, v in enumerate(["28", "29.5", "30", "31", "32"])}
    p = project(RULE, five, y(2028))
    # Least squares: slope 0.95 a year, 30.1 at the mean year 2022, 35.8 in 2028.
    assert (p.slope, p.value, p.meets) == (D("0.95"), D("35.8"), False)
    assert project(RULE, five, y(2029)).meets is True


def test_projection_of_trend_rules_and_non_numbers():
    falling = {y(2022): D(9), y(2023): D(8.5), y(2024): D(8.6)}
    assert project(Rule(RuleKind.FALLS), falling, y(2026)).meets is True
    grades = {y(2022): "D", y(2023): "C", y(2024): "C"}
    assert project(Rule(RuleKind.GRADE_AT_LEAST, grade="C"), grades, y(2026)).value is None


def test_a_failing_indicator_is_projected_on_its_worst_unit():
    values = {1: {OFFICE: {y(2022): D(30), y(2023): D(31), y(2024): D(32)}}}
    gap = analyse(SEED[:1], [], values, review=dt.date(2026, 1, 1)).indicators[0]
    assert gap.projection.value == D(34)


def test_weakest_categories_and_the_trend():
    values = {
        1: {OFFICE: {y(2023): D(30), y(2024): D(37)}},
        2: {OFFICE: {y(2023): D(30), y(2024): D(30)}},
        4: {OFFICE: {y(2024): D(85)}},
    }
    report = analyse(SEED, [], values)
    cats = {c.id: c for c in report.categories}
    assert (cats[10].met, cats[10].not_met, cats[10].unknown) == (1, 1, 1)
    assert (cats[20].met, cats[20].not_met) == (0, 1)
    assert [c.id for c in report.categories] == [20, 10]  # the weakest first
    trend = {t.period: t for t in report.trend}
    assert (trend[y(2023)].met, trend[y(2023)].not_met, trend[y(2023)].unknown) == (0, 2, 2)
    assert (trend[y(2024)].met, trend[y(2024)].not_met, trend[y(2024)].unknown) == (1, 2, 1)


def test_a_scored_table_against_its_pass_line():
    parts = [
        ScoredPart(1, "综合评价", D(50), D(45)),
        ScoredPart(2, "市容环境卫生与环境保护", D(200), D(150)),
    ]
    assert score(parts, None).passes is None  # the pass line is the office's to enter
    report = score(parts, D(180))
    assert (report.total, report.points, report.passes) == (D(195), D(250), True)
    assert [p.id for p in report.weakest] == [2, 1]
    assert score(parts, D(200)).passes is False
    assert score([*parts, ScoredPart(3, "食品安全", D(100), None)], D(180)).total is None
