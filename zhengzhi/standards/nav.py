"""The standards' entries in the main navigation, from the user's roles alone (no query)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhengzhi.core.roles import Role


def standards_nav(user) -> list[tuple]:
    items = [(_("Standards"), reverse("standards:list"))]
    if user.has_role(
        Role.OFFICE_ADMIN, Role.LEADER, Role.DISPATCHER, Role.HANDLER, Role.UNIT_LEADER
    ):
        items.append((_("Indicator values"), reverse("standards:measures")))
    return items
