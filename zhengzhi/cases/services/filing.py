"""Filing a case (立案): its number, goods, major mark, the 查一补三 rechecks and, at a licensed
retailer, the licence consequences proposed to the office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.cases.models import (
    Case,
    CaseSettings,
    CaseType,
    LicenceConsequence,
    SeizedGoods,
)
from zhengzhi.cases.scope import can_file
from zhengzhi.cases.services.errors import CaseError
from zhengzhi.cases.services.goods import to_sticks
from zhengzhi.cases.services.numbering import next_number
from zhengzhi.cases.services.rechecks import schedule_rechecks
from zhengzhi.org.models import Unit
from zhengzhi.org.scope import scope_for

# A case at a site of these kinds with a licence proposes the tobacco seed's consequences.
LICENSED_RETAILER_KINDS = ("tobacco_retailer",)


@dataclass
class Goods:
    description: str
    quantity: Decimal | int | str
    unit: str
    counterfeit: bool = False


@dataclass
class CaseInput:
    case_type: CaseType
    value: Decimal | int | str
    found_on: dt.date
    filed_on: dt.date | None = None
    site: Any = None
    party: str = ""
    party_id_number: str = ""
    vehicle: str = ""
    place: str = ""
    summary: str = ""
    counterfeit: bool = False
    goods: list[Goods] = field(default_factory=list)
    handling_unit: Unit | None = None
    officers: Iterable = ()
    operation: Any = None


def major_threshold() -> Decimal:
    row = CaseSettings.objects.order_by("pk").first()
    return row.major_threshold if row else Decimal(5)


def parse_money(value, name: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        raise CaseError(_("%(name)s is not a number.") % {"name": name}, "value") from None
    if not d.is_finite() or d < 0:
        raise CaseError(_("%(name)s cannot be negative.") % {"name": name}, "value")
    return d


def _check(actor, data: CaseInput, today: dt.date) -> tuple[Unit, dt.date, Decimal]:
    if not can_file(actor):
        raise CaseError(_("You may not file cases."), "not_allowed")
    unit = data.handling_unit or getattr(actor, "unit", None)
    if unit is None or not scope_for(actor).allows(unit.pk):
        raise CaseError(_("Choose a handling unit within your own."), "handling_unit")
    if data.site is None and not (data.party.strip() or data.vehicle.strip()):
        raise CaseError(_("Name the site, or the party or vehicle."), "party")
    if not data.case_type.is_active:
        raise CaseError(_("This case type is no longer in use."), "case_type")
    filed_on = data.filed_on or today
    if data.found_on > filed_on:
        raise CaseError(_("A case is found before it is filed."), "found_on")
    if filed_on > today:
        raise CaseError(_("The filing date lies in the future."), "filed_on")
    return unit, filed_on, parse_money(data.value, _("The case value"))


@transaction.atomic
def file_case(actor, data: CaseInput, *, now: dt.datetime | None = None, request=None) -> Case:
    now = now or timezone.now()
    unit, filed_on, value = _check(actor, data, timezone.localdate(now))
    lines = [(g, to_sticks(g.quantity, g.unit)) for g in data.goods]
    case = Case.objects.create(
        number=next_number(filed_on.year),
        year=filed_on.year,
        case_type=data.case_type,
        site=data.site,
        party=data.party.strip() or (data.site.operator if data.site else ""),
        party_id_number=data.party_id_number.strip(),
        vehicle=data.vehicle.strip(),
        place=data.place.strip() or (data.site.address if data.site else ""),
        summary=data.summary,
        value=value,
        sticks=sum(s for _g, s in lines),
        counterfeit=data.counterfeit or any(g.counterfeit for g in data.goods),
        major=value >= major_threshold(),
        handling_unit=unit,
        operation=data.operation,
        found_on=data.found_on,
        filed_on=filed_on,
        created_by=actor,
    )
    SeizedGoods.objects.bulk_create(
        SeizedGoods(
            case=case,
            description=g.description.strip()[:120],
            quantity=Decimal(str(g.quantity)),
            unit=g.unit,
            sticks=s,
            counterfeit=g.counterfeit,
        )
        for g, s in lines
    )
    officers = list(data.officers)
    if officers:
        case.officers.set(officers)
    rechecks = schedule_rechecks(case)
    consequences = propose_consequences(case)
    record(
        "cases.case.filed",
        actor=actor,
        obj=case,
        request=request,
        data={
            "type": data.case_type.code,
            "site": case.site_id,
            "value": str(value),
            "sticks": case.sticks,
            "major": case.major,
            "rechecks": rechecks,
            "consequences": consequences,
        },
    )
    return case


def propose_consequences(case: Case) -> int:
    """A case at a licensed tobacco retailer proposes the seed's three consequences."""
    site = case.site
    if site is None or site.kind.code not in LICENSED_RETAILER_KINDS:
        return 0
    if not site.licences.exists():
        return 0
    rows = [
        LicenceConsequence(case=case, site=site, kind=kind)
        for kind in LicenceConsequence.Kind.values
    ]
    LicenceConsequence.objects.bulk_create(rows)
    return len(rows)
