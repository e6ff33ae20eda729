"""Changing a territorial unit keeps point routing and its grids consistent: a move or a new
division code is seen by the router at once, and a community with grids keeps its code."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from zhengzhi.org.rules import deactivation_blockers
from zhengzhi.org.services import data_from_unit, deactivate_unit, update_unit
from zhengzhi.territory import services as territory
from zhengzhi.territory.models import TerritoryVersion
from zhengzhi.territory.routing import resolve_point
from zhengzhi.territory.tests.conftest import box

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def c2_boundary(units, people):
    territory.set_unit_boundary(units["c2"], box(120.0, 30.0, 120.01, 30.01), actor=people["admin"])


@pytest.fixture
def c2_grid(units, people):
    return territory.create_grid(
        actor=people["admin"],
        code="330199001002001",
        name="桃园1号网格",
        community=units["c2"],
        geometry=box(120.0, 30.0, 120.01, 30.01),
    )


def moved(unit, parent, division_code):
    data = data_from_unit(unit)
    data.parent, data.division_code = parent, division_code
    return data


def test_moving_a_community_reroutes_its_points_at_once(units, people, c2_boundary):
    assert resolve_point(120.005, 30.005).street_id == units["street"].pk
    update_unit(
        units["c2"],
        moved(units["c2"], units["other_street"], "330199002001"),
        actor=people["admin"],
    )
    res = resolve_point(120.005, 30.005)
    assert res.unit_id == units["c2"].pk and res.street_id == units["other_street"].pk


def test_a_community_with_grids_cannot_move_or_change_its_code(units, people, c2_grid):
    with pytest.raises(ValidationError) as caught:
        update_unit(
            units["c2"],
            moved(units["c2"], units["other_street"], "330199002001"),
            actor=people["admin"],
        )
    assert "1 grid" in str(caught.value.message_dict["division_code"])
    with pytest.raises(ValidationError):
        update_unit(
            units["c2"], moved(units["c2"], units["street"], "330199001009"), actor=people["admin"]
        )
    # The grid can still be edited: its code still matches its community.
    territory.update_grid(c2_grid, actor=people["admin"], name="桃园一号网格")
    res = resolve_point(120.005, 30.005)
    assert res.grid_id == c2_grid.pk and res.street_id == units["street"].pk


def test_a_rename_is_still_allowed_with_grids(units, people, c2_grid):
    data = data_from_unit(units["c2"])
    data.name = "桃源社区"
    update_unit(units["c2"], data, actor=people["admin"])
    assert resolve_point(120.005, 30.005).grid_id == c2_grid.pk


def test_a_community_with_active_grids_cannot_be_deactivated(units, people, c2_grid):
    assert deactivation_blockers(units["c2"]) == [
        "It has 1 active grid: deactivate it or move it to another community first."
    ]
    with pytest.raises(ValidationError):
        deactivate_unit(units["c2"], actor=people["admin"])
    territory.deactivate_grid(c2_grid, actor=people["admin"])
    deactivate_unit(units["c2"], actor=people["admin"])


def test_a_deactivated_community_no_longer_answers_for_its_area(units, people, c2_boundary):
    territory.set_unit_boundary(
        units["street"], box(119.99, 29.99, 120.02, 30.02), actor=people["admin"]
    )
    assert resolve_point(120.005, 30.005).unit_id == units["c2"].pk
    version = TerritoryVersion.objects.get(pk=1).version
    deactivate_unit(units["c2"], actor=people["admin"])
    assert TerritoryVersion.objects.get(pk=1).version == version + 1
    assert resolve_point(120.005, 30.005).unit_id == units["street"].pk
