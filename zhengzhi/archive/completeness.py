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
from typing import NamedTuple

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


class Gap(NamedTuple):  # a tuple: thousands are made per view
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
        .values_list("requirement_id", "unit_id", "year", "n", "ok")
    )
    have: dict[tuple[int, int | None, int], tuple[int, int]] = {
        (req, unit, year): (n, ok) for req, unit, year, n, ok in counted
    }
    # Summed per slot into the requirement's and the unit's figures (plain lists: this loop
    # runs once per slot), then rolled up into items, categories and the total.
    per_unit: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    none = (0, 0)
    gaps = out.gaps
    for pk, item_id, category_id, count, asked_per_unit, per_year in reqs:
        if item_id not in duties:
            continue
        slot_years = years if per_year else [current]
        r_pre = r_ok = r_req = 0
        for unit_id in slot_units(asked_per_unit, duties[item_id], supporting.get(item_id, [])):
            if units is not None and unit_id not in units:
                continue
            u = per_unit[unit_id]
            for year in slot_years:
                n, ok = have.get((pk, unit_id, year), none)
                present = n if n < count else count
                accepted = ok if ok < count else count
                r_req += count
                r_pre += present
                r_ok += accepted
                u[0] += count
                u[1] += present
                u[2] += accepted
                if present < count:
                    gaps.append(Gap(pk, item_id, unit_id, year, count - present))
        if not r_req:
            continue
        for bucket in (
            out.total,
            out.by_item[item_id],
            out.by_category[category_id],
            out.by_requirement[pk],
        ):
            bucket.add(r_req, r_pre, r_ok)
    for unit_id, (required, present, accepted) in per_unit.items():
        out.by_unit[unit_id].add(required, present, accepted)
    return out
