"""The campaigns' entries in the main navigation, from the user's roles alone (no query)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhengzhi.core.roles import Role


def campaign_nav(user) -> list[tuple]:
    items = [(_("Campaigns"), reverse("campaigns:list"))]
    if user.has_role(Role.HANDLER, Role.UNIT_LEADER) and not user.has_role(Role.LEADER):
        items.append((_("Report progress"), reverse("campaigns:report")))
    return items
