"""How complete the archive is, per item, category and unit: required, present, accepted,
missing, and who owes what is missing.

A requirement asks for `count` pieces in each of its slots: one per owing unit (every unit of
its row when asked per unit, else the lead unit) and per year (every year of the cycle when
asked per year, else the current one). A slot's present pieces are its evidence not returned,
counted up to `count` (a tenth photo does not make up for a missing document elsewhere).
Evidence is counted by one GROUP BY over (requirement, unit, year); the slots come from the
requirements and their rows, never one query per item.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from zhengzhi.archive.models import Duty, Evidence, EvidenceStatus, Requirement
from zhengzhi.campaigns.models import Campaign


@dataclass
class Counts:
    required: int = 0
    present: int = 0
    accepted: int = 0

    @property
    def missing(self) -> int:
        return self.required - self.present

    @property
    def percent(self) -> int:
        return int(self.present * 100 / self.required) if self.required else 100

    def add(self, required: int, present: int, accepted: int) -> None:
        self.required += required
        self.present += present
        self.accepted += accepted


@dataclass(frozen=True)
class Gap:
    requirement_id: int
    item_id: int
    unit_id: int | None  # None: the row has no lead unit, nobody owes it
    year: int
    missing: int


@dataclass
class Completeness:
    years: list[int]
    total: Counts = field(default_factory=Counts)
    by_item: dict[int, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_category: dict[int, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_unit: dict[int | None, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_requirement: dict[int, Counts] = field(default_factory=lambda: defaultdict(Counts))
    gaps: list[Gap] = field(default_factory=list)


def slot_units(req_per_unit: bool, lead: int | None, supporting: list[int]) -> list[int | None]:
    if not req_per_unit:
        return [lead]
    owners: list[int | None] = [u for u in [lead, *supporting] if u is not None]
    return owners or [None]


def completeness(
    campaign: Campaign, years: list[int], *, units: set[int] | None = None
) -> Completeness:
    """`units`: only the slots these units owe (a unit's own view); None: every slot."""
    out = Completeness(years=years)
    current = years[-1]
    duties = dict(
        Duty.objects.filter(campaign=campaign, item__isnull=False).values_list(
            "item_id", "lead_unit_id"
        )
    )
    supporting: dict[int, list[int]] = defaultdict(list)
    through = Duty.supporting_units.through.objects.filter(
        duty__campaign=campaign, duty__item__isnull=False
    )
    for item_id, helper in through.values_list("duty__item_id", "unit_id").order_by("unit_id"):
        supporting[item_id].append(helper)
    reqs = list(
        Requirement.objects.filter(campaign=campaign).values_list(
            "pk", "item_id", "item__category_id", "count", "per_unit", "per_year"
        )
    )
    counted = (
        Evidence.objects.filter(requirement__campaign=campaign, year__in=years)
        .exclude(status=EvidenceStatus.RETURNED)
        .values("requirement_id", "unit_id", "year")
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(status=EvidenceStatus.ACCEPTED)))
        .order_by()
    )
    have: dict[tuple[int, int | None, int], tuple[int, int]] = {
        (r["requirement_id"], r["unit_id"], r["year"]): (r["n"], r["ok"]) for r in counted
    }
    for pk, item_id, category_id, count, per_unit, per_year in reqs:
        if item_id not in duties:
            continue
        slot_years = years if per_year else [current]
        for unit_id in slot_units(per_unit, duties[item_id], supporting.get(item_id, [])):
            if units is not None and unit_id not in units:
                continue
            for year in slot_years:
                n, ok = have.get((pk, unit_id, year), (0, 0))
                present, accepted = min(n, count), min(ok, count)
                for bucket in (
                    out.total,
                    out.by_item[item_id],
                    out.by_category[category_id],
                    out.by_unit[unit_id],
                    out.by_requirement[pk],
                ):
                    bucket.add(count, present, accepted)
                if present < count:
                    out.gaps.append(Gap(pk, item_id, unit_id, year, count - present))
    return out
