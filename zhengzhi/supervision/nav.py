"""Supervision's entries in the main navigation, from the user's roles alone (no query)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhengzhi.core.roles import Role


def supervision_nav(user) -> list[tuple]:
    items = []
    if user.has_role(Role.OFFICE_ADMIN, Role.LEADER, Role.SHIFT_LEADER, Role.DISPATCHER):
        items.append((_("Dashboard"), reverse("supervision:dashboard")))
    items.append((_("Bulletins"), reverse("supervision:editions")))
    if user.has_role(Role.OFFICE_ADMIN, Role.DISPATCHER):
        items.append((_("Review dates"), reverse("supervision:reviews")))
    return items
