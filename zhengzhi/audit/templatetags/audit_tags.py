from django import template

from zhengzhi.audit.names import action_name

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return action_name(action)
