"""Time limits read with their plural forms: "1 working day", "3 urgent working hours"."""

import pytest
from django.utils import translation

from zhengzhi.ledger.models.categories import limit_text


@pytest.mark.parametrize(
    ("amount", "unit", "en", "zh"),
    [
        (1, "work_days", "1 working day", "1 工作日"),
        (5, "work_days", "5 working days", "5 工作日"),
        (1, "urgent_hours", "1 urgent working hour", "1 紧急工作时"),
        (3.0, "urgent_hours", "3 urgent working hours", "3 紧急工作时"),
        (1.5, "work_hours", "1.5 working hours", "1.5 工作时"),
    ],
)
def test_plural_forms(amount, unit, en, zh):
    with translation.override("en"):
        assert limit_text(amount, unit) == en
    with translation.override("zh-hans"):
        assert limit_text(amount, unit) == zh
