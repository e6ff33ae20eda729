"""Units of seized goods: 1 包 = 20 支, 1 条 = 200 支, 1 件 = 50 条 = 10,000 支 = 1 万支."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from zhengzhi.cases.models import GoodsUnit
from zhengzhi.cases.models.cases import STICKS_PER_UNIT, WAN
from zhengzhi.cases.services.errors import CaseError


def to_sticks(quantity: Decimal | int | str, unit: str) -> int:
    """The cigarettes in `quantity` of `unit`, in sticks (支); 0 for goods that are not
    cigarettes (kg, pieces). A fraction of a stick is refused."""
    if unit not in GoodsUnit.values:
        raise CaseError(_("Unknown unit %(unit)s.") % {"unit": unit}, "unit")
    try:
        q = Decimal(str(quantity))
    except InvalidOperation:
        raise CaseError(_("The quantity is not a number."), "quantity") from None
    if not q.is_finite() or q <= 0:
        raise CaseError(_("The quantity must be more than zero."), "quantity")
    per = STICKS_PER_UNIT.get(unit, 0)
    sticks = q * per
    if sticks != sticks.to_integral_value():
        raise CaseError(_("The quantity is not a whole number of sticks."), "quantity")
    return int(sticks)


def wan_sticks(sticks: int) -> Decimal:
    """Sticks in 万支, to two places as the tables print them."""
    return (Decimal(sticks) / WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
