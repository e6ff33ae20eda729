from django import template

from zhengzhi.audit.names import action_name, object_type_name

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return action_name(action)


@register.filter
def object_type_label(label: str) -> str:
    return object_type_name(label)
