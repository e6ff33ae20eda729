"""The site registry's entries in the navigation (portal.nav calls this)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from zhengzhi.core.roles import Role
from zhengzhi.org.scope import scope_for
from zhengzhi.sites.services.rosters import may_import_any
from zhengzhi.sites.services.watch import can_manage_watch


def site_nav(user) -> list[tuple]:
    """(label, href) pairs the user may open; an empty list hides the group."""
    if not getattr(user, "is_authenticated", False):
        return []
    entries = [(_("Site list"), reverse("sites:list")), (_("Map of sites"), reverse("sites:map"))]
    if may_import_any(user):
        entries.append((_("Import a roster"), reverse("sites:roster_home")))
    scope = scope_for(user)
    if scope.all_units or scope.unit_ids:
        entries.append((_("Surveys"), reverse("sites:survey_list")))
    # Coverage (views_coverage): every user sees their own.
    entries.append((_("Supervision coverage"), reverse("sites:coverage")))
    if can_manage_watch(user):
        entries.append((_("Watch-list proposals"), reverse("sites:watch_proposals")))
    if user.has_role(Role.OFFICE_ADMIN):
        entries.append((_("Site kinds"), reverse("sites:kinds")))
    return entries
