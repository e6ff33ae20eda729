"""The unit ranking: a weighted score of the indicator rates, made fair for small units.

Fairness, in two stated steps (both set by the office in RankingWeights):
1. Minimum volume: a unit with fewer than N problems assessed (due − deferred) in the period is
   listed apart as "too few to rank"; it has figures but no place.
2. Bayesian smoothing toward the mean of all units of the level: each rate becomes
       smoothed = (numerator + m × mean) / (denominator + m)
   where mean = Σ numerators ÷ Σ denominators over all units shown and m is the smoothing
   strength. A unit with few problems is pulled to the mean; one with hundreds barely moves.

Score (0–100) = 100 × Σ weight × goodness ÷ Σ weight, where goodness is the smoothed rate for the
rates that should be high (on-time closure, closure, satisfaction) and 1 − the smoothed rate for
those that should be low (rework, return, extension). A rate that cannot be computed (no problems
under it anywhere) is left out and the other weights share its place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.indicators import RATES, with_rates
from zhengzhi.ledger.indicators.compute import all_counts, collect
from zhengzhi.ledger.indicators.periods import Period
from zhengzhi.ledger.models import RankingWeights
from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind

# The ranking's levels: which units are compared and how problems are attributed to them.
LEVELS = {
    "community": (_("Communities"), "owner"),
    "street": (_("Streets and towns"), "street"),
    "department": (_("Departments"), "department"),
}
LEVEL_CHOICES = [(key, label) for key, (label, _by) in LEVELS.items()]

# (rate, weight field, higher is better)
COMPONENTS = (
    ("on_time_rate", "on_time", True),
    ("closure_rate", "closure", True),
    ("rework_rate", "rework", False),
    ("return_rate", "returned", False),
    ("extension_rate", "extension", False),
    ("satisfaction_rate", "satisfaction", True),
)
WEIGHT_FIELDS = tuple(w for _r, w, _h in COMPONENTS)


def current_weights() -> RankingWeights:
    """The office's weights (the defaults until the office saves its own)."""
    return RankingWeights.objects.filter(pk=1).first() or RankingWeights(pk=1)


def level_units(level: str) -> QuerySet[Unit]:
    if level == "community":
        qs = Unit.objects.filter(kind=UnitKind.TERRITORY, level=TerritoryLevel.COMMUNITY)
    elif level == "street":
        qs = Unit.objects.filter(kind=UnitKind.TERRITORY, level=TerritoryLevel.STREET)
    elif level == "department":
        qs = Unit.objects.filter(kind=UnitKind.DEPARTMENT)
    else:
        raise ValueError(f"unknown level {level!r}")
    return qs.filter(is_active=True).order_by("path")


@dataclass
class Ranking:
    period: Period
    level: str
    weights: RankingWeights
    ranked: list[dict] = field(default_factory=list)
    too_few: list[dict] = field(default_factory=list)
    means: dict[str, float | None] = field(default_factory=dict)
    total: dict = field(default_factory=dict)


def _parts(rate: str, figures: dict) -> tuple[int, int]:
    # A contributed count (satisfaction's) is absent when its app is not installed: 0 of 0.
    num, plus, minus = RATES[rate]
    den = sum(figures.get(k, 0) for k in plus) - sum(figures.get(k, 0) for k in minus)
    return figures.get(num, 0), den


def smoothed(num: int, den: int, mean: float | None, strength: int) -> float | None:
    if mean is None or strength <= 0:
        return num / den if den > 0 else None
    return (num + strength * mean) / (den + strength)


def score(row: dict, means: dict, weights: RankingWeights) -> float | None:
    total = weighted = Decimal(0)
    for rate, weight_field, higher in COMPONENTS:
        weight = Decimal(getattr(weights, weight_field))
        value = smoothed(*_parts(rate, row), means.get(rate), weights.prior_strength)
        row[rate.removesuffix("_rate") + "_smoothed"] = value
        if value is None or weight <= 0:
            continue
        good = value if higher else 1 - value
        weighted += weight * Decimal(str(good))
        total += weight
    return float(100 * weighted / total) if total else None


def rank(
    period: Period,
    level: str = "community",
    *,
    weights: RankingWeights | None = None,
    now: dt.datetime | None = None,
) -> Ranking:
    by = LEVELS[level][1]
    weights = weights or current_weights()
    figures = collect(period, units=level_units(level), by=by, now=now)
    counts = all_counts()
    total = dict.fromkeys(counts, 0) | {"time_to_close": None, "timed": 0}
    for row in figures.values():
        for key in (*counts, "timed"):
            total[key] += row[key]
        if row["time_to_close"] is not None:
            ttc = total["time_to_close"]
            total["time_to_close"] = (
                row["time_to_close"] if ttc is None else ttc + row["time_to_close"]
            )
    means = {}
    for rate in RATES:
        num, den = _parts(rate, total)
        means[rate] = num / den if den > 0 else None
    result = Ranking(period, level, weights, means=means, total=with_rates(total))
    floor = max(1, weights.min_volume)
    for row in (with_rates(f) for f in figures.values()):
        row["score"] = score(row, means, weights)
        if row["assessed"] >= floor and row["score"] is not None:
            result.ranked.append(row)
        else:
            result.too_few.append(row)
    result.ranked.sort(key=lambda r: (-r["score"], -r["assessed"], r["unit_name"]))
    place = 0
    for i, row in enumerate(result.ranked):
        # Equal scores share a place (1, 2, 2, 4).
        if i == 0 or round(row["score"], 2) != round(result.ranked[i - 1]["score"], 2):
            place = i + 1
        row["place"] = place
    result.too_few.sort(key=lambda r: (-r["assessed"], r["unit_name"]))
    return result
