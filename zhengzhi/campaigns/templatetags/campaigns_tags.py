"""Formatting for the campaign pages.

- {% slot_label report task.frequency %}: a report's slot named by its cut-off time, its week or
  its month (rules.slot_label), with the year when year=True;
- {{ value|num }}: a figure as people write it, at most two decimals and no trailing zeros
  ("35.5", "50", "4.3"), where floatformat:"-2" keeps "35.50".
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

from zhengzhi.campaigns.rules import slot_label as label

register = template.Library()
CENTS = Decimal("0.01")


@register.simple_tag
def slot_label(report, frequency: str, year: bool = False) -> str:
    return label(frequency, report.period, report.cutoff_at, year=year)


@register.filter
def num(value) -> str:
    if value is None or value == "":
        return ""
    try:
        d = Decimal(str(value)).quantize(CENTS, ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{d.normalize():f}" if d else "0"
