"""Vector control (病媒): a vector check records the counts each index needs; the density
indices are computed from them and judged against the GB/T 27770–27773 C-level limits shipped
as data (data/vector_limits.json, each with its DOMAIN.md tag: V confirmed, P partly, U not
confirmed — a U limit without a value is not judged, and a P one is shown as such).

The grade is "C" (the sanitary city's level reached: every index with a limit within it) or
"<C" (an index beyond its limit); the A and B limits are not shipped, so no better grade is
claimed. Formulas (the standards' monitoring methods, GB/T 23795–23798):
- mosquito: route index = positive small water bodies ÷ km walked; positive dip rate =
  positive dips ÷ dips × 100; larvae per positive dip = larvae and pupae ÷ positive dips;
  landing index = mosquitoes landed ÷ (people × 30-minute periods).
- fly: room positive rate = rooms with flies ÷ rooms × 100; flies per positive room = flies ÷
  rooms with flies; breeding-site rate = positive breeding sites ÷ sites checked × 100; flies
  seen in premises selling food eaten as it is (none allowed); and per premises, rooms with
  flies against the allowance by number of rooms.
- cockroach: infestation rate = rooms with adults or nymphs ÷ rooms × 100; ootheca and trace
  rates likewise.
- rat: indoor trace rate = rooms with traces ÷ rooms × 100; outdoor route index = traces ÷ km.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengzhi.audit.services import record
from zhengzhi.inspections.models import VectorCheck, VectorKind
from zhengzhi.inspections.services.errors import InspectionError

LIMITS_FILE = Path(__file__).resolve().parent.parent / "data" / "vector_limits.json"
MEETS, BELOW = "C", "<C"

# The counts each vector's check records (the form's fields, in order).
COUNTS: dict[str, tuple[str, ...]] = {
    VectorKind.MOSQUITO: (
        "km_walked",
        "small_water_positive",
        "dips",
        "positive_dips",
        "larvae_in_positive_dips",
        "people",
        "periods_30min",
        "mosquitoes_landed",
    ),
    VectorKind.FLY: (
        "rooms",
        "rooms_with_flies",
        "flies_in_positive_rooms",
        "breeding_sites",
        "breeding_sites_positive",
        "food_premises_flies",
    ),
    VectorKind.COCKROACH: ("rooms", "rooms_infested", "rooms_oothecae", "rooms_traces"),
    VectorKind.RAT: ("rooms", "rooms_with_traces", "km_walked", "outdoor_traces"),
}
COUNT_LABELS = {
    "km_walked": gettext_lazy("Kilometres walked"),
    "small_water_positive": gettext_lazy("Small water bodies with larvae"),
    "dips": gettext_lazy("Dips taken (large and medium water)"),
    "positive_dips": gettext_lazy("Dips with larvae"),
    "larvae_in_positive_dips": gettext_lazy("Larvae and pupae in those dips"),
    "people": gettext_lazy("People luring mosquitoes"),
    "periods_30min": gettext_lazy("30-minute periods"),
    "mosquitoes_landed": gettext_lazy("Mosquitoes landed"),
    "rooms": gettext_lazy("Rooms checked"),
    "rooms_with_flies": gettext_lazy("Rooms with flies"),
    "flies_in_positive_rooms": gettext_lazy("Flies in those rooms"),
    "breeding_sites": gettext_lazy("Outdoor breeding sites checked"),
    "breeding_sites_positive": gettext_lazy("Breeding sites with larvae"),
    "food_premises_flies": gettext_lazy("Flies seen where food is eaten as sold"),
    "rooms_infested": gettext_lazy("Rooms with adult or nymph cockroaches"),
    "rooms_oothecae": gettext_lazy("Rooms with oothecae"),
    "rooms_traces": gettext_lazy("Rooms with cockroach traces"),
    "rooms_with_traces": gettext_lazy("Rooms with rat traces"),
    "outdoor_traces": gettext_lazy("Rat traces outdoors"),
}
# Counts that may be fractional (distances); the others are whole numbers.
DECIMAL_COUNTS = {"km_walked"}
# count that cannot exceed another: (part, whole)
PARTS = (
    ("positive_dips", "dips"),
    ("rooms_with_flies", "rooms"),
    ("breeding_sites_positive", "breeding_sites"),
    ("rooms_infested", "rooms"),
    ("rooms_oothecae", "rooms"),
    ("rooms_traces", "rooms"),
    ("rooms_with_traces", "rooms"),
)


@cache
def limits() -> dict:
    return json.loads(LIMITS_FILE.read_text(encoding="utf-8"))


def _div(a: Decimal, b: Decimal, scale: int = 1) -> Decimal | None:
    if b == 0:
        return None
    return (a * scale / b).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def indices(vector: str, c: dict[str, Decimal]) -> dict[str, Decimal | None]:
    g = c.get
    zero = Decimal(0)
    if vector == VectorKind.MOSQUITO:
        return {
            "small_water_route_index": _div(g("small_water_positive", zero), g("km_walked", zero)),
            "positive_dip_rate": _div(g("positive_dips", zero), g("dips", zero), 100),
            "larvae_per_positive_dip": _div(
                g("larvae_in_positive_dips", zero), g("positive_dips", zero)
            ),
            "landing_index": _div(
                g("mosquitoes_landed", zero), g("people", zero) * g("periods_30min", zero)
            ),
        }
    if vector == VectorKind.FLY:
        return {
            "room_positive_rate": _div(g("rooms_with_flies", zero), g("rooms", zero), 100),
            "flies_per_positive_room": _div(
                g("flies_in_positive_rooms", zero), g("rooms_with_flies", zero)
            ),
            "breeding_site_rate": _div(
                g("breeding_sites_positive", zero), g("breeding_sites", zero), 100
            ),
            "food_premises_flies": g("food_premises_flies"),
        }
    if vector == VectorKind.COCKROACH:
        rooms = g("rooms", zero)
        return {
            "infestation_rate": _div(g("rooms_infested", zero), rooms, 100),
            "ootheca_rate": _div(g("rooms_oothecae", zero), rooms, 100),
            "trace_rate": _div(g("rooms_traces", zero), rooms, 100),
        }
    return {
        "indoor_trace_rate": _div(g("rooms_with_traces", zero), g("rooms", zero), 100),
        "outdoor_route_index": _div(g("outdoor_traces", zero), g("km_walked", zero)),
    }


@dataclass
class IndexResult:
    index: str
    name: str
    unit: str
    value: Decimal | None
    comparator: str
    limit: Decimal | None
    status: str  # V / P / U
    source: str
    meets: bool | None  # None: not judged (no value, or no limit shipped)

    @property
    def confirmed(self) -> bool:
        return self.status == "V"


@dataclass
class Grade:
    vector: str
    grade: str  # "C", "<C" or "" (nothing to judge)
    results: list[IndexResult] = field(default_factory=list)

    @property
    def unconfirmed(self) -> bool:
        """The grade rests on a limit DOMAIN.md does not confirm."""
        return any(r.meets is not None and not r.confirmed for r in self.results)


def _meets(value: Decimal, comparator: str, limit: Decimal) -> bool:
    return value < limit if comparator == "lt" else value <= limit


def grade(vector: str, counts: dict[str, Decimal]) -> Grade:
    values = indices(vector, counts)
    out = Grade(vector=vector, grade="")
    for row in limits()["limits"]:
        if row["vector"] != vector:
            continue
        value = values.get(row["index"])
        limit = Decimal(row["limit"]) if row["limit"] is not None else None
        meets = None if value is None or limit is None else _meets(value, row["comparator"], limit)
        out.results.append(
            IndexResult(
                index=row["index"],
                name=row["name"],
                unit=row["unit"],
                value=value,
                comparator=row["comparator"],
                limit=limit,
                status=row["status"],
                source=row["source"],
                meets=meets,
            )
        )
    judged = [r.meets for r in out.results if r.meets is not None]
    if judged:
        out.grade = MEETS if all(judged) else BELOW
    return out


def fly_rooms_allowed(rooms: int) -> int:
    """Rooms with flies a premises of `rooms` rooms may have at C level."""
    for band in limits()["fly_rooms_per_premises"]["bands"]:
        if band["max_rooms"] is None or rooms <= band["max_rooms"]:
            return int(band["allowed"])
    return 0


def parse_counts(vector: str, raw: dict) -> dict[str, Decimal]:
    if vector not in COUNTS:
        raise InspectionError(_("Choose rats, mosquitoes, flies or cockroaches."), "invalid")
    out: dict[str, Decimal] = {}
    for name in COUNTS[vector]:
        text = raw.get(name)
        if text in (None, ""):
            continue
        try:
            value = Decimal(str(text).strip())
        except ArithmeticError:
            value = Decimal(-1)
        if (
            not value.is_finite()
            or value < 0
            or value > 1_000_000
            or (name not in DECIMAL_COUNTS and value != value.to_integral_value())
        ):
            raise InspectionError(
                _("%(field)s: give a whole number of 0 or more.") % {"field": name}, "invalid"
            )
        out[name] = value
    for part, whole in PARTS:
        if part in out and out[part] > out.get(whole, Decimal(0)):
            raise InspectionError(
                _("%(part)s cannot be more than %(whole)s.") % {"part": part, "whole": whole},
                "invalid",
            )
    if not out:
        raise InspectionError(_("Enter the counts of the check."), "invalid")
    return out


@transaction.atomic
def record_check(
    *,
    actor,
    vector: str,
    unit,
    checked_on: dt.date,
    counts: dict,
    site=None,
    note: str = "",
    request=None,
) -> VectorCheck:
    from zhengzhi.org.scope import scope_for

    scope = scope_for(actor)
    if not scope.can_write or not (scope.all_units or unit.pk in scope.unit_ids):
        raise InspectionError(_("You may not record vector checks for this unit."), "not_allowed")
    parsed = parse_counts(vector, counts)
    result = grade(vector, parsed)
    check = VectorCheck.objects.create(
        vector=vector,
        unit=unit,
        site=site,
        checked_on=checked_on,
        counts={k: str(v) for k, v in parsed.items()},
        indices={r.index: (str(r.value) if r.value is not None else None) for r in result.results},
        grade=result.grade,
        note=note.strip()[:500],
        created_by=actor,
        created_at=timezone.now(),
    )
    record(
        "inspections.vector.recorded",
        actor=actor,
        obj=check,
        unit_id=unit.pk,
        request=request,
        data={"vector": vector, "grade": result.grade, "counts": check.counts},
    )
    return check


def period_grade(vector: str, checks) -> Grade:
    """The grade of a period: the counts of its checks added together."""
    total: dict[str, Decimal] = {}
    for check in checks:
        for k, v in check.counts.items():
            total[k] = total.get(k, Decimal(0)) + Decimal(v)
    return grade(vector, total)
