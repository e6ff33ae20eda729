"""Reading the database for the gap page: a version's specs, the confirmed values, the bases.

A handful of queries whatever the size: the indicators (one), the prerequisites' conditions
(one), the confirmed values of the measures involved (one, the latest confirmed row of each
(measure, unit, period) winning), and for a scored table its parts (one)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections
from django.db.models import QuerySet

from zhengzhi.standards import gap
from zhengzhi.standards.models import (
    Base,
    CampaignStandard,
    Category,
    Indicator,
    IndicatorValue,
    Item,
    Prerequisite,
    StandardVersion,
    ValueStatus,
)
from zhengzhi.standards.rules import Rule

KM2 = Decimal(1_000_000)


def spec_of(ind: Indicator, unit: str) -> gap.IndicatorSpec:
    return gap.IndicatorSpec(
        id=ind.pk,
        code=ind.code,
        number=ind.number,
        name=ind.name,
        measure_id=ind.measure_id,
        unit=unit,
        rule=Rule(ind.rule, ind.target, ind.target_grade, ind.years),
        confirmed=ind.confirmed,
        in_table=ind.in_table,
        category_id=ind.category_id,
        item_id=ind.item_id,
        base=ind.base,
        absolute_label=ind.absolute_label,
        absolute_unit=ind.absolute_unit,
    )


def confirmed_values(
    values: QuerySet[IndicatorValue], measure_ids
) -> dict[int, dict[int, dict[dt.date, gap.Value]]]:
    """values[measure][unit][period]: the latest confirmed row of each, history included.

    Read with a plain cursor: a county's gap reads some 50,000 rows, and Django's per-row
    converters (a Decimal through a float's context, a date parsed per row) cost three times
    the query. Here a number goes from its text straight to a Decimal."""
    rows = (
        values.filter(measure_id__in=measure_ids, status=ValueStatus.CONFIRMED)
        .order_by("pk")
        .values_list("measure_id", "unit_id", "period", "number", "flag", "grade")
    )
    sql, params = rows.query.sql_with_params()
    numbers: dict = {}
    periods: dict = {}
    out: dict[int, dict[int, dict[dt.date, gap.Value]]] = {}
    date, dec = dt.date, Decimal
    last_measure, by_unit = None, {}
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        # Nested dicts rather than a (measure, unit) key: no tuple made per row, and the rows
        # of one measure often follow each other.
        for measure_id, unit_id, period, number, flag, grade in cursor.fetchall():
            if grade:
                value: gap.Value = grade
            elif flag is not None:
                value = bool(flag)
            elif number.__class__ is dec:
                value = number
            elif number is not None:  # SQLite: a float; many repeat (0, 100, targets met)
                value = numbers.get(number)
                if value is None:
                    value = numbers[number] = dec(repr(number))
            else:
                continue
            if period.__class__ is not date:  # SQLite: text, parsed once per distinct day
                day = periods.get(period)
                if day is None:
                    day = periods[period] = date.fromisoformat(period)
                period = day
            if measure_id != last_measure:
                by_unit = out.get(measure_id)
                if by_unit is None:
                    by_unit = out[measure_id] = {}
                last_measure = measure_id
            series = by_unit.get(unit_id)
            if series is None:
                series = by_unit[unit_id] = {}
            series[period] = value
    return out


@dataclass
class CampaignGap:
    tie: CampaignStandard
    report: gap.Report
    indicators: dict[int, Indicator]
    prerequisites: list[Prerequisite]
    categories: dict[int, Category]
    items: dict[int, Item]
    score: gap.ScoreReport | None
    values: dict


def bases_of(tie: CampaignStandard) -> dict[str, Decimal]:
    bases = {}
    if tie.built_up_area is not None:
        bases[Base.BUILT_UP_AREA] = tie.built_up_area * KM2
    if tie.population is not None:
        bases[Base.POPULATION] = Decimal(tie.population)
    return bases


def scored(table: StandardVersion, values: QuerySet[IndicatorValue]) -> gap.ScoreReport:
    parts = list(
        Indicator.objects.filter(standard=table).select_related("category").order_by("position")
    )
    latest = confirmed_values(values, [p.measure_id for p in parts])
    out = []
    for p in parts:
        by_unit = latest.get(p.measure_id, {})
        newest = max(
            ((period, v) for series in by_unit.values() for period, v in series.items()),
            default=None,
            key=lambda pv: pv[0],
        )
        points = p.category.points if p.category and p.category.points else (p.target or 0)
        value = newest[1] if newest and isinstance(newest[1], Decimal) else None
        out.append(gap.ScoredPart(p.pk, p.name, Decimal(points), value))
    return gap.score(out, table.pass_line)


def as_of(values: QuerySet[IndicatorValue], moment: dt.datetime) -> QuerySet[IndicatorValue]:
    """The values as they stood at `moment`: confirmed by then, of periods begun by then (a
    value corrected later still counts as it was: a replaced row stays confirmed)."""
    from django.utils import timezone

    return values.filter(confirmed_at__lte=moment, period__lte=timezone.localdate(moment))


def campaign_gap(
    tie: CampaignStandard,
    values: QuerySet[IndicatorValue],
    measures=None,
    *,
    at: dt.datetime | None = None,
) -> CampaignGap:
    """The gap of the tie's standard from `values` (already scoped to the reader); `measures`
    (a queryset of measure ids) limits the indicators to those the reader may see; `at`: the
    gap as it stood then (as_of), for a before-and-after comparison."""
    if at is not None:
        values = as_of(values, at)
    indicators_qs = Indicator.objects.filter(standard_id=tie.standard_id).select_related("measure")
    if measures is not None:
        indicators_qs = indicators_qs.filter(measure__in=measures)
    indicators = {i.pk: i for i in indicators_qs}
    specs = [spec_of(i, i.measure.unit) for i in indicators.values()]
    prerequisites = list(
        Prerequisite.objects.filter(standard_id=tie.standard_id).prefetch_related("conditions")
    )
    pre_specs = [
        gap.PrerequisiteSpec(
            p.pk,
            p.number,
            p.text,
            tuple(c.pk for c in p.conditions.all()),
            p.confirmed,
        )
        for p in prerequisites
    ]
    data = confirmed_values(values, {i.measure_id for i in indicators.values()})
    report = gap.analyse(specs, pre_specs, data, bases=bases_of(tie), review=tie.review_date)
    categories = {c.pk: c for c in Category.objects.filter(standard_id=tie.standard_id)}
    items = (
        {i.pk: i for i in Item.objects.filter(category__standard_id=tie.standard_id)}
        if report.items
        else {}
    )
    score = scored(tie.scored_table, values) if tie.scored_table_id else None
    return CampaignGap(tie, report, indicators, prerequisites, categories, items, score, data)


def gap_for(user, tie: CampaignStandard) -> CampaignGap:
    """The gap as this user may see it: everything for the office and leaders, else the
    indicators of the measures the user's units lead, from the values they may see."""
    from zhengzhi.org.scope import scope_for
    from zhengzhi.standards.scope import visible_measures, visible_values

    everything = scope_for(user).all_units
    return campaign_gap(
        tie, visible_values(user), None if everything else visible_measures(user).values("pk")
    )
