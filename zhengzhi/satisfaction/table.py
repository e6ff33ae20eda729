"""The satisfaction page's table: the rate per unit (of a level) or per category, for a period.

Units use the attribution of the unit indicators (zhengzhi.ledger.indicators): a community by
the problem's owner unit, a street or town by the street its owner belongs to, a department by
the supporting department. Categories by the problem's main category or its sub-category.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.indicators.compute import _street_of
from zhengzhi.ledger.indicators.periods import Period
from zhengzhi.ledger.indicators.ranking import level_units
from zhengzhi.ledger.models import Category
from zhengzhi.org.models import TerritoryLevel, Unit
from zhengzhi.public.models import Rating
from zhengzhi.satisfaction.rates import TARGET, rate, rated_problems, rating_counts

GROUPS = {
    "community": (_("Communities"), "owner_unit_id"),
    "street": (_("Streets and towns"), "owner_unit_id"),
    "department": (_("Departments"), "supporting_unit_id"),
    "main_category": (_("Main categories"), "main_category_id"),
    "category": (_("Sub-categories"), "category_id"),
}
GROUP_CHOICES = [(key, label) for key, (label, _f) in GROUPS.items()]
FIGURES = ("rated", "satisfied", "basic", "unsatisfied", "by_call")


@dataclass
class Table:
    period: Period
    group: str
    rows: list[dict] = field(default_factory=list)
    total: dict = field(default_factory=dict)


def _finish(row: dict) -> dict:
    row["rate"] = rate(row["satisfied"] + row["basic"], row["rated"])
    row["meets_target"] = None if row["rate"] is None else row["rate"] >= TARGET
    return row


def _empty(key, name) -> dict:
    return {"key": key, "name": name, **dict.fromkeys(FIGURES, 0)}


def _add(acc: dict, row: dict) -> None:
    for name in FIGURES:
        acc[name] += row[name]


def _units(group: str, counts: dict[int, dict]) -> list[dict]:
    if group != "street":
        units = list(level_units(group).values_list("id", "name"))
        return [_finish({**_empty(uid, name), **counts.get(uid, {})}) for uid, name in units]
    info = {
        u["id"]: u
        for u in Unit.objects.filter(
            Q(id__in=list(counts)) | Q(level=TerritoryLevel.STREET, is_active=True)
        ).values("id", "name", "path", "level", "is_active")
    }
    streets = {u["path"]: u["id"] for u in info.values() if u["level"] == TerritoryLevel.STREET}
    street_of = _street_of({k: info[k] for k in counts if k in info}, streets)
    rolled: dict[int, dict] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for uid, figures in counts.items():
        if uid in street_of:
            _add(rolled[street_of[uid]], figures)
    out = []
    for path in sorted(streets):
        sid = streets[path]
        if info[sid]["is_active"] or sid in rolled:
            out.append(_finish({**_empty(sid, info[sid]["name"]), **rolled.get(sid, {})}))
    return out


def _categories(group: str, counts: dict[int, dict]) -> list[dict]:
    cats = Category.objects.filter(pk__in=list(counts)).order_by("code")
    return [_finish({**_empty(c.pk, f"{c.code} {c.name}"), **counts[c.pk]}) for c in cats]


def satisfaction_table(period: Period, group: str) -> Table:
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}")
    column = GROUPS[group][1]
    counts = {
        row[column]: {name: row[name] for name in FIGURES}
        for row in rating_counts(period.start, period.end, column)
    }
    rows = _units(group, counts) if group in ("community", "street", "department") else None
    if rows is None:
        rows = _categories(group, counts)
    total = rated_problems(period.start, period.end).aggregate(
        rated=Count("pk"),
        satisfied=Count("pk", filter=Q(counted_rating=Rating.SATISFIED)),
        basic=Count("pk", filter=Q(counted_rating=Rating.BASIC)),
        unsatisfied=Count("pk", filter=Q(counted_rating=Rating.UNSATISFIED)),
        by_call=Count("pk", filter=Q(rated_by="call")),
    )
    return Table(period, group, rows=rows, total=_finish({"key": None, "name": "", **total}))
