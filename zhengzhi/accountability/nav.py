"""Accountability's entries in the main navigation, from the user's roles alone (no query)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhengzhi.core.roles import Role


def accountability_nav(user) -> list[tuple]:
    items = [
        (_("Accountability"), reverse("accountability:records")),
        (_("Assessment"), reverse("accountability:assessment")),
        (_("Red and black lists"), reverse("accountability:lists")),
        (_("Supervision groups"), reverse("accountability:groups")),
    ]
    if user.has_role(Role.OFFICE_ADMIN, Role.LEADER, Role.DISPATCHER):
        items.append((_("Campaign reports"), reverse("accountability:reports")))
    if user.has_role(Role.OFFICE_ADMIN, Role.DISPATCHER):
        items.append((_("Accountability rules"), reverse("accountability:rules")))
    return items
