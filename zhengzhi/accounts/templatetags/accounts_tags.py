from django import template

from zhengzhi.accounts.services import lockout_until as _lockout_until

register = template.Library()


@register.simple_tag
def lockout_until(username: str):
    """When a locked-out account may try again (None when it is not locked)."""
    return _lockout_until(username or "")
