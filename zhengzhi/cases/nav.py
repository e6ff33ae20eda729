"""The cases' entries in the navigation (portal.nav calls this)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from zhengzhi.cases.scope import can_file, may_read_cases


def case_nav(user) -> list[tuple]:
    """(label, href) pairs the user may open; an empty list hides the group."""
    if not getattr(user, "is_authenticated", False):
        return []
    if not may_read_cases(user):
        return []
    entries = [(_("Case list"), reverse("cases:list"))]
    if can_file(user):
        entries.append((_("File a case"), reverse("cases:new")))
    entries += [
        (_("Rechecks (查一补三)"), reverse("cases:rechecks")),
        (_("Major cases"), reverse("cases:major")),
        (_("Enforcement operations"), reverse("cases:operations")),
        (_("Destruction batches"), reverse("cases:destructions")),
        (_("Case statistics tables"), reverse("cases:tables")),
    ]
    return entries
