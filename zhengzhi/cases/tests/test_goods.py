"""Units of seized cigarettes: 1 包 = 20 支, 1 条 = 200 支, 1 件 = 50 条 = 1 万支."""

from decimal import Decimal

import pytest

from zhengzhi.cases.services.errors import CaseError
from zhengzhi.cases.services.goods import to_sticks, wan_sticks


@pytest.mark.parametrize(
    ("quantity", "unit", "sticks"),
    [
        (1, "stick", 1),
        (1, "pack", 20),
        (1, "carton", 200),
        (50, "carton", 10_000),
        (1, "case", 10_000),
        ("47.08", "case", 470_800),
        ("47.08", "wan", 470_800),
        ("124.33", "case", 1_243_300),
        ("2.5", "kg", 0),
        (3, "piece", 0),
    ],
)
def test_sticks(quantity, unit, sticks):
    assert to_sticks(quantity, unit) == sticks


def test_one_case_is_fifty_cartons_is_one_wan():
    assert to_sticks(1, "case") == to_sticks(50, "carton") == to_sticks(1, "wan")
    assert wan_sticks(to_sticks(50, "carton")) == Decimal("1.00")


@pytest.mark.parametrize(
    ("quantity", "unit", "code"),
    [
        ("0", "carton", "quantity"),
        ("-1", "case", "quantity"),
        ("x", "case", "quantity"),
        ("0.5", "stick", "quantity"),
        ("1", "crate", "unit"),
        ("NaN", "case", "quantity"),
    ],
)
def test_refused(quantity, unit, code):
    with pytest.raises(CaseError) as exc:
        to_sticks(quantity, unit)
    assert exc.value.code == code
