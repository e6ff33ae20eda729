"""The tobacco seed's two statistics tables, for any period and unit, computed from the cases.

1. The yearly table (范文2): per year, the entered figures (卷烟销量, 人均销量, 单箱均价) beside
   查处案件数, 涉案卷烟 (万支), 涉案总值 (万元), 涉假案件, 无证运输 and 判刑拘役 (people).
2. The breakdown (范文3): cases, 万支 and 万元 per type with totals; transfers to the police,
   the procuratorate, the court and market regulation; people detained and sentenced; 罚没款;
   出动人次 / 车辆次 of the operations; goods destroyed.

Each figure is one aggregate query over the cases the reader may see (zhengzhi.cases.scope),
filed in the period, handled by the unit or below it: a county's year is a handful of GROUP BYs
whatever its size (bench/cases.py measures it against one raw GROUP BY).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from zhengzhi.cases.models import (
    CaseType,
    DestructionBatch,
    Operation,
    TransferBody,
    YearFigures,
)
from zhengzhi.cases.models.cases import WAN
from zhengzhi.cases.scope import visible_cases
from zhengzhi.org.models import Unit
from zhengzhi.org.scope import scope_for

CENT = Decimal("0.01")


def two(value: Decimal | int | None) -> Decimal:
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def wan(sticks: int | None) -> Decimal:
    return two(Decimal(sticks or 0) / WAN)


def yuan_to_wan(yuan: Decimal | None) -> Decimal:
    return two(Decimal(yuan or 0) / WAN)


@dataclass(frozen=True)
class Scope:
    """The period (inclusive days) and unit a table is about."""

    start: dt.date
    end: dt.date
    unit: Unit | None = None


def scoped_cases(user, scope: Scope) -> QuerySet:
    qs = visible_cases(user).filter(filed_on__gte=scope.start, filed_on__lte=scope.end)
    if scope.unit is not None:
        qs = qs.filter(handling_unit__path__startswith=scope.unit.path)
    return qs


def _unit_rows(user, qs: QuerySet, scope: Scope) -> QuerySet:
    qs = scope_for(user).filter(qs, "unit")
    if scope.unit is not None:
        qs = qs.filter(unit__path__startswith=scope.unit.path)
    return qs


@dataclass
class Line:
    label: str
    cases: int = 0
    sticks: int = 0
    value: Decimal = Decimal(0)

    @property
    def wan_sticks(self) -> Decimal:
        return wan(self.sticks)

    @property
    def value_wan(self) -> Decimal:
        return two(self.value)


@dataclass
class TransferLine(Line):
    body: str = ""


@dataclass
class Breakdown:
    scope: Scope
    types: list[Line] = field(default_factory=list)
    total: Line = field(default_factory=lambda: Line(""))
    transfers: list[TransferLine] = field(default_factory=list)
    detained: int = 0
    arrested: int = 0
    sentenced: int = 0
    fines: Decimal = Decimal(0)  # decided, yuan
    paid: Decimal = Decimal(0)  # paid in, yuan
    people: int = 0
    vehicles: int = 0
    operations: int = 0
    destroyed_sticks: int = 0
    destroyed_value: Decimal = Decimal(0)
    destructions: int = 0
    counterfeit: int = 0
    major: int = 0

    def transfer(self, body: str) -> TransferLine:
        return next(t for t in self.transfers if t.body == body)

    @property
    def paid_wan(self) -> Decimal:
        return yuan_to_wan(self.paid)

    @property
    def fines_wan(self) -> Decimal:
        return yuan_to_wan(self.fines)

    @property
    def destroyed_cases(self) -> Decimal:
        """In 件 (1 件 = 10,000 支), as the seed counts destroyed cigarettes."""
        return wan(self.destroyed_sticks)

    @property
    def destroyed_value_wan(self) -> Decimal:
        return two(self.destroyed_value)


def breakdown(user, scope: Scope) -> Breakdown:
    cases = scoped_cases(user, scope)
    out = Breakdown(scope)
    # One pass over the cases: every figure grouped by type (transfers and people from the
    # case row, kept by the services), the totals added here.
    per_body = {}
    for body in TransferBody.values:
        on = Q(**{f"to_{body}": True})
        per_body |= {
            f"n_{body}": Count("id", filter=on),
            f"sticks_{body}": Sum("sticks", filter=on),
            f"value_{body}": Sum("value", filter=on),
        }
    rows = list(
        cases.order_by()
        .values("case_type")
        .annotate(
            n=Count("id"),
            sum_sticks=Sum("sticks"),
            sum_value=Sum("value"),
            sum_fine=Sum("fine"),
            sum_confiscation=Sum("confiscation"),
            sum_paid=Sum("paid"),
            n_counterfeit=Count("id", filter=Q(counterfeit=True)),
            n_major=Count("id", filter=Q(major=True)),
            sum_detained=Sum("detained"),
            sum_arrested=Sum("arrested"),
            sum_sentenced=Sum("sentenced"),
            **per_body,
        )
    )
    by_type = {r["case_type"]: r for r in rows}
    for t in CaseType.objects.filter(pk__in=list(by_type)):  # in the types' own order
        r = by_type[t.pk]
        out.types.append(Line(t.name, r["n"], r["sum_sticks"] or 0, r["sum_value"] or Decimal(0)))
    out.total = Line(
        "",
        sum(x.cases for x in out.types),
        sum(x.sticks for x in out.types),
        sum((x.value for x in out.types), Decimal(0)),
    )

    def total(key: str, zero=0):
        return sum((r[key] or zero for r in rows), zero)

    out.fines = total("sum_fine", Decimal(0)) + total("sum_confiscation", Decimal(0))
    out.paid = total("sum_paid", Decimal(0))
    out.counterfeit, out.major = total("n_counterfeit"), total("n_major")
    out.detained, out.arrested = total("sum_detained"), total("sum_arrested")
    out.sentenced = total("sum_sentenced")
    for body, label in TransferBody.choices:
        out.transfers.append(
            TransferLine(
                str(label),
                total(f"n_{body}"),
                total(f"sticks_{body}"),
                total(f"value_{body}", Decimal(0)),
                body=body,
            )
        )
    ops = _unit_rows(
        user,
        Operation.objects.filter(starts_on__gte=scope.start, starts_on__lte=scope.end),
        scope,
    ).aggregate(
        n=Count("id"), people=Coalesce(Sum("people"), 0), vehicles=Coalesce(Sum("vehicles"), 0)
    )
    out.operations, out.people, out.vehicles = ops["n"], ops["people"], ops["vehicles"]
    gone = _unit_rows(
        user,
        DestructionBatch.objects.filter(destroyed_on__gte=scope.start, destroyed_on__lte=scope.end),
        scope,
    ).aggregate(
        n=Count("id"), sticks=Coalesce(Sum("sticks"), 0), value=Coalesce(Sum("value"), Decimal(0))
    )
    out.destructions, out.destroyed_sticks = gone["n"], gone["sticks"]
    out.destroyed_value = gone["value"]
    return out


@dataclass
class YearRow:
    year: int
    sales_boxes: Decimal | None = None
    per_capita: Decimal | None = None
    box_price: Decimal | None = None
    cases: int = 0
    sticks: int = 0
    value: Decimal = Decimal(0)
    counterfeit: int = 0
    transport: int = 0
    sentenced: int = 0

    @property
    def wan_sticks(self) -> Decimal:
        return wan(self.sticks)

    @property
    def value_wan(self) -> Decimal:
        return two(self.value)


def yearly(user, scope: Scope, figures_unit: Unit | None = None) -> list[YearRow]:
    """One row per year of the period; the entered figures are those of `figures_unit`
    (default: the table's unit, else the reader's own)."""
    from django.db.models.functions import ExtractYear

    cases = scoped_cases(user, scope)
    years = list(range(scope.start.year, scope.end.year + 1))
    out = {y: YearRow(y) for y in years}
    for r in (
        cases.order_by()
        .annotate(y=ExtractYear("filed_on"))
        .values("y")
        .annotate(
            n=Count("id"),
            sticks=Sum("sticks"),
            value=Sum("value"),
            fake=Count("id", filter=Q(counterfeit=True)),
            transport=Count("id", filter=Q(case_type__unlicensed_transport=True)),
            people_sentenced=Sum("sentenced"),
        )
    ):
        row = out[r["y"]]
        row.cases, row.sticks, row.value = r["n"], r["sticks"] or 0, r["value"] or Decimal(0)
        row.counterfeit, row.transport = r["fake"], r["transport"]
        row.sentenced = r["people_sentenced"] or 0
    unit = figures_unit or scope.unit or getattr(user, "unit", None)
    if unit is not None:
        for f in YearFigures.objects.filter(unit=unit, year__in=years):
            row = out[f.year]
            row.sales_boxes, row.per_capita, row.box_price = (
                f.sales_boxes,
                f.per_capita,
                f.box_price,
            )
    return [out[y] for y in years]
