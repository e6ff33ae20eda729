"""The dispatcher corrects what was recorded before the problem is dispatched: a grid worker's
wrong category (which sets the deadline and the department), a wrong point (which sets the grid
and the owner), a description or an address. After dispatch the owner unit holds it and a wrong
owner is settled by a return instead."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.models import Category, EventKind, Problem
from zhengzhi.ledger.services.base import _lock, _save
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.intake import place
from zhengzhi.ledger.services.permissions import Move


@transaction.atomic
def correct(
    problem_id: int,
    *,
    actor,
    version: int | None = None,
    category: Category | None = None,
    description: str | None = None,
    address: str | None = None,
    lon: float | None = None,
    lat: float | None = None,
    note: str = "",
    request=None,
) -> Problem:
    """Only what is given changes; each change is on the timeline as before → after."""
    p = _lock(problem_id, actor, version, Move.CORRECT)
    changes: dict[str, list] = {}
    fields: list[str] = []
    if category is not None and category.pk != p.category_id:
        if category.parent_id is None or not category.is_active:
            raise MoveError(_("Choose an active sub-category."), "invalid")
        changes["category"] = [p.category.code, category.code]
        p.category, p.main_category_id = category, category.parent_id
        # The category brings its department (条) and priority; the deadline comes at dispatch.
        p.supporting_unit_id, p.priority = category.department_id, category.priority
        fields += ["category", "main_category", "supporting_unit", "priority"]
    if description is not None and description.strip() != p.description:
        if not description.strip():
            raise MoveError(_("Please describe the problem."), "invalid")
        changes["description"] = [p.description[:200], description.strip()[:200]]
        p.description = description.strip()
        fields.append("description")
    if address is not None and address.strip() != p.address:
        changes["address"] = [p.address, address.strip()]
        p.address = address.strip()
        fields.append("address")
    if (lon is None) != (lat is None):
        raise MoveError(_("Give both lon and lat, or neither."), "invalid")
    if lon is not None and (lon, lat) != (p.lon, p.lat):
        where = place(lon, lat)
        if where.via == "none":
            raise MoveError(_("The point is outside this district's territory."), "out_of_area")
        changes["point"] = [[p.lon, p.lat], [lon, lat]]
        p.lon, p.lat = lon, lat
        p.grid_id, p.community_id, p.street_id = where.grid_id, where.community_id, where.street_id
        p.owner_unit_id = where.owner_unit_id
        fields += ["lon", "lat", "grid", "community", "street", "owner_unit"]
    if not changes:
        raise MoveError(_("Nothing was changed."), "invalid")
    _save(
        p,
        actor,
        EventKind.NOTE,
        p.status,
        fields,
        note=note.strip() or str(_("Corrected: %(what)s") % {"what": ", ".join(changes)}),
        request=request,
        data={"corrected": changes},
    )
    return p
