"""The supervision groups on their areas' pages (org.registry unit panels): a unit's page shows
the active groups covering it, directly or through a unit above it (a group of a street covers
its communities), among the groups its reader may see."""

from __future__ import annotations

from zhengzhi.org.registry import UnitPanel, register_unit_panel

KEY = "accountability.groups"


def groups_panel(unit, user) -> dict | None:
    from zhengzhi.accountability.groups import visible_groups
    from zhengzhi.org.models import Unit

    above = {a.pk: a for a in Unit.objects.get_ancestors(unit)}
    covering = [unit.pk, *above]
    groups = list(
        visible_groups(user)
        .filter(areas__in=covering)
        .distinct()
        .prefetch_related("areas")
        .order_by("name", "pk")
    )
    if not groups:
        return None
    rows = []
    for g in groups:
        areas = {a.pk for a in g.areas.all()}
        via = None if unit.pk in areas else next((above[i] for i in above if i in areas), None)
        rows.append({"group": g, "via": via})
    return {"rows": rows}


def register() -> None:
    register_unit_panel(UnitPanel(KEY, "accountability/unit_groups.html", groups_panel, 50))
