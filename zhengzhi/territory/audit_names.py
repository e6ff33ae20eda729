"""Territory audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "territory.boundary.created": _("Boundary drawn"),
    "territory.boundary.updated": _("Boundary changed"),
    "territory.boundary.removed": _("Boundary removed"),
    "territory.grid.created": _("Grid created"),
    "territory.grid.updated": _("Grid changed"),
    "territory.segment.created": _("Street segment created"),
    "territory.segment.updated": _("Street segment changed"),
    "territory.boundaries.imported": _("Boundaries imported"),
    "territory.grids.imported": _("Grids imported"),
    "territory.segments.imported": _("Street segments imported"),
}
