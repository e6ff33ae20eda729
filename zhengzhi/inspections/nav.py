"""The inspections' entries in the navigation (portal.nav calls this)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from zhengzhi.inspections.scope import can_plan, is_office
from zhengzhi.org.scope import scope_for


def inspection_nav(user) -> list[tuple]:
    """(label, href) pairs the user may open; an empty list hides the group."""
    if not getattr(user, "is_authenticated", False):
        return []
    scope = scope_for(user)
    if not (scope.all_units or scope.unit_ids):
        return []
    entries = [
        (_("Today's visits"), reverse("inspections:today")),
        (_("Inspection plans"), reverse("inspections:plans")),
        (_("Inspection results"), reverse("inspections:results")),
        (_("Checklists"), reverse("inspections:checklists")),
        (_("Vector control"), reverse("inspections:vectors")),
    ]
    if is_office(user):
        entries.append((_("Missed problems"), reverse("inspections:missed")))
        entries.append((_("Follow-up rules"), reverse("inspections:rules")))
    if can_plan(user):
        entries.insert(2, (_("New inspection plan"), reverse("inspections:new_plan")))
    return entries
