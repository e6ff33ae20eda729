"""{% problem_rows rows selectable checked %}: the problem table's rows (views.table)."""

from django import template

from zhengzhi.ledger.views.table import table_rows

register = template.Library()


@register.simple_tag
def problem_rows(rows, selectable=False, checked=()):
    return table_rows(rows, selectable=bool(selectable), checked=checked or ())
