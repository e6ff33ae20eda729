"""The ledger's entries in the main navigation (used by core.context_processors)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhengzhi.core.roles import Role

# Who sees the ranking in the menu: the office, leaders and unit leaders (a grid worker's
# phone menu stays short).
RANKING_ROLES = (
    Role.OFFICE_ADMIN,
    Role.DISPATCHER,
    Role.SHIFT_LEADER,
    Role.INSPECTOR,
    Role.UNIT_LEADER,
    Role.LEADER,
)


def ledger_nav(user) -> list[tuple]:
    """Everyone with a unit (or a leader's or administrator's view of all) works from the
    queue and reads the ledger; all but leaders record problems. Built from the user's roles
    alone, which the navigation reads anyway: no query of its own on every page."""
    sees_all = user.is_superuser or user.has_role(Role.LEADER, Role.OFFICE_ADMIN)
    if user.unit_id is None and not sees_all:
        return []
    items = [
        (_("Work queue"), reverse("ledger:queue")),
        (_("Problem ledger"), reverse("ledger:list")),
    ]
    read_only = Role.LEADER in user.role_set and not user.is_superuser
    if not read_only:
        items.append((_("Record a problem"), reverse("ledger:new")))
    if user.has_role(*RANKING_ROLES):
        items.append((_("Unit ranking"), reverse("ledger:ranking")))
    return items
