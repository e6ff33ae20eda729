"""What the grids ask of the organisation's units, registered with org (org.registry): a
community with grids keeps its division code, a unit with active grids stays active, and a change
of the territorial tree reaches point routing."""

from __future__ import annotations

from django.utils.translation import ngettext

from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.org.rules import UnitData
from zhengzhi.territory.models import Grid


def _grid_count(unit: Unit, **filters) -> int:
    return Grid.objects.filter(community=unit, **filters).count()


def check_grids(data: UnitData, instance, add) -> None:
    """A grid's code begins with its community's division code (GB/T 30428): a community with
    grids keeps its code, and so its street (the code's prefix). Moving the grids first keeps
    grid codes and point routing consistent."""
    if instance is None or not instance.pk or instance.kind != UnitKind.TERRITORY:
        return
    if data.division_code == instance.division_code and data.kind == instance.kind:
        return
    grids = _grid_count(instance)
    if grids:
        add(
            "division_code",
            ngettext(
                "This community has %(n)d grid whose code begins with its division code: the "
                "division code cannot change, nor can the community move to another street. "
                "Move the grid to another community first.",
                "This community has %(n)d grids whose codes begin with its division code: the "
                "division code cannot change, nor can the community move to another street. "
                "Move the grids to another community first.",
                grids,
            )
            % {"n": grids},
        )


def active_grids_block(unit: Unit) -> list[str]:
    grids = _grid_count(unit, is_active=True) if unit.kind == UnitKind.TERRITORY else 0
    if not grids:
        return []
    return [
        ngettext(
            "It has %(n)d active grid: deactivate it or move it to another community first.",
            "It has %(n)d active grids: deactivate them or move them to another community "
            "first.",
            grids,
        )
        % {"n": grids}
    ]
