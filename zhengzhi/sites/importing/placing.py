"""Where a roster's row belongs: its point routed to grid, community, street and owner, checked
against the grid it names and against the importer's own area (part of importing.checking)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhengzhi.sites.importing.plan import PLACE


class Placing:
    """Mixed into checking.Checker, whose state it reads: grids (code -> (grid id, owner id)),
    lineage (unit -> (community, street, district)), the importer's unit and scope, and its
    error()."""

    grids: dict
    lineage: dict
    territorial: bool
    unit: Any
    scope: Any

    def error(self, row: int, key: str, message) -> None:  # pragma: no cover - Checker's
        raise NotImplementedError

    def place(self, r: dict) -> dict[str, Any] | None:
        """Grid, community, street and owner of the row, or None when it gives no place; an
        error (and False) when its point and grid disagree or it lands nowhere."""
        res = r.get("route")
        grid = None
        if r["grid_code"]:
            grid = self.grids.get(r["grid_code"])
            if grid is None:
                self.error(
                    r["row"],
                    "grid_code",
                    _("no grid has the code %(code)s") % {"code": r["grid_code"]},
                )
                return {}
        if res is not None:
            if res.unit_id is None:
                self.error(r["row"], "lon", _("the point lies outside the territory"))
                return {}
            if grid is not None and res.grid_id != grid[0]:
                self.error(
                    r["row"],
                    "grid_code",
                    _("the point does not lie in grid %(code)s") % {"code": r["grid_code"]},
                )
                return {}
            return {
                "grid_id": res.grid_id,
                "community_id": res.community_id,
                "street_id": res.street_id,
                "owner_unit_id": res.unit_id,
            }
        if grid is not None:
            community, street, _district = self.lineage.get(grid[1], (grid[1], None, None))
            return {
                "grid_id": grid[0],
                "community_id": community,
                "street_id": street,
                "owner_unit_id": grid[1],
            }
        return None

    def default_place(self) -> dict[str, Any]:
        """A row with neither point nor grid belongs to the importing community or street."""
        if not self.territorial:
            return dict.fromkeys(PLACE)
        unit_id = self.unit.pk if self.unit is not None else None
        community, street, _district = (
            self.lineage.get(unit_id, (None, None, None)) if unit_id else (None, None, None)
        )
        return {
            "grid_id": None,
            "community_id": community,
            "street_id": street,
            "owner_unit_id": unit_id,
        }

    def in_scope(self, r: dict, owner_id: int | None) -> bool:
        if self.territorial and owner_id not in self.scope.unit_ids:
            key = "lon" if r.get("route") is not None else "grid_code"
            self.error(r["row"], key, _("the site lies outside your area"))
            return False
        return True
