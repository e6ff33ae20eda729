"""The assessment's indicators (考核细则) and the shipped scheme.

Each item of a scheme names an indicator and its weight (the points it is worth). A "good" rate
earns weight × rate; a "bad" rate (rework, returns) earns weight × (1 − rate); an indicator
without a base in the month (nothing was due, no report was asked, no visit) earns its full
weight, so a unit is never marked down for what did not happen — the trace says so. The
accountability records issued to the unit in the month deduct points by kind, up to a cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengzhi.accountability.models import RecordKind


@dataclass(frozen=True)
class Indicator:
    key: str
    label: object
    good: bool  # higher is better
    num: str  # the fact counted
    den: str  # its base
    source: str  # ledger, campaigns, inspections


INDICATORS = {
    i.key: i
    for i in (
        Indicator("on_time_rate", gettext_lazy("On-time closure rate"), True,
                  "closed_on_time", "on_time_base", "ledger"),
        Indicator("closure_rate", gettext_lazy("Closure rate"), True,
                  "closed", "closure_base", "ledger"),
        Indicator("rework_rate", gettext_lazy("Rework rate"), False,
                  "reworked", "rework_base", "ledger"),
        Indicator("return_rate", gettext_lazy("Return rate"), False,
                  "returns", "return_base", "ledger"),
        Indicator("satisfaction_rate", gettext_lazy("Satisfaction rate"), True,
                  "satisfied", "satisfaction_base", "ledger"),
        # Due: the reports submitted for the month's cut-offs and those never submitted.
        Indicator("reporting_rate", gettext_lazy("Progress reported on time"), True,
                  "reports_on_time", "reports_due", "campaigns"),
        Indicator("task_progress_rate", gettext_lazy("Tasks on schedule"), True,
                  "tasks_on_schedule", "tasks_measured", "campaigns"),
        Indicator("inspection_rate", gettext_lazy("Inspection score"), True,
                  "inspection_points", "inspection_max", "inspections"),
    )
}  # fmt: skip

# Shipped by migrations 0002 and 0006 (task progress took 5 points of on-time closure and 5 of
# satisfaction); the office edits the weights.
DEFAULT_ITEMS = [
    {"indicator": "on_time_rate", "weight": 25},
    {"indicator": "rework_rate", "weight": 10},
    {"indicator": "return_rate", "weight": 5},
    {"indicator": "satisfaction_rate", "weight": 10},
    {"indicator": "reporting_rate", "weight": 10},
    {"indicator": "task_progress_rate", "weight": 10},
    {"indicator": "inspection_rate", "weight": 30},
]
DEFAULT_DEDUCTIONS = {
    RecordKind.SHEET.value: 0.5,
    RecordKind.LETTER.value: 2,
    RecordKind.YELLOW_CARD.value: 3,
    RecordKind.TALK.value: 3,
    RecordKind.REFERRAL.value: 5,
    RecordKind.MISSED.value: 1,
}


def item_errors(items, deductions) -> list[str]:
    errors = []
    if not isinstance(items, list) or not items:
        return [_("A scheme needs at least one item.")]
    seen = set()
    for n, item in enumerate(items, 1):
        key = item.get("indicator") if isinstance(item, dict) else None
        if key not in INDICATORS:
            errors.append(_("Item %(n)s: unknown indicator.") % {"n": n})
            continue
        if key in seen:
            errors.append(_("Item %(n)s: the indicator is counted twice.") % {"n": n})
        seen.add(key)
        try:
            weight = Decimal(str(item.get("weight")))
        except InvalidOperation:
            weight = Decimal(-1)
        if not Decimal(0) <= weight <= Decimal(1000):
            errors.append(_("Item %(n)s: the weight is a number from 0 to 1000.") % {"n": n})
    for kind, points in (deductions or {}).items():
        try:
            ok = kind in RecordKind.values and Decimal(0) <= Decimal(str(points)) <= 100
        except InvalidOperation:
            ok = False
        if not ok:
            errors.append(_("Deduction for %(kind)s: a number from 0 to 100.") % {"kind": kind})
    return errors
