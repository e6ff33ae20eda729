"""Roles and the page guard that checks them: platform, below the organisation layer.

A role is what a person may do; which objects they may do it to is their unit's scope
(`zhengzhi.org.scope`). Both the organisation apps and the platform's own pages (audit log,
working calendar) guard pages by role, so the names live here and not in `accounts`.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", _("Office administrator")
    DISPATCHER = "dispatcher", _("Dispatcher")  # 受理派遣
    SHIFT_LEADER = "shift_leader", _("Dispatch shift leader")  # 值班长: approves returns etc.
    HANDLER = "handler", _("Unit handler")  # 处置
    UNIT_LEADER = "unit_leader", _("Unit leader")
    INSPECTOR = "inspector", _("Inspector")  # 核查/督查
    LEADER = "leader", _("Leader (read-only)")
    FOLLOWUP = "followup", _("Follow-up staff")  # 回访


def role_required(*roles: str):
    """Signed-in users holding one of the roles; for anyone else the page does not exist."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
