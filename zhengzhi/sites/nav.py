"""The site registry's entries in the navigation (portal.nav calls this)."""

from __future__ import annotations


def site_nav(user) -> list[tuple]:
    """(label, href) pairs the user may open; an empty list hides the group."""
    entries: list[tuple] = []
    entries += _roster_entries(user)
    return entries


def _roster_entries(user) -> list[tuple]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from zhengzhi.org.scope import scope_for
    from zhengzhi.sites.services.rosters import may_import_any

    out = []
    if may_import_any(user):
        out.append((_("Import a roster"), reverse("sites:roster_home")))
    scope = scope_for(user)
    if scope.all_units or scope.unit_ids:
        out.append((_("Surveys"), reverse("sites:survey_list")))
    return out
