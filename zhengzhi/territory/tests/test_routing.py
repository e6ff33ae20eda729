import math

import numpy as np
import pytest

from zhengzhi.territory import routing, services
from zhengzhi.territory.models import Grid, TerritoryVersion
from zhengzhi.territory.routing import Router, resolve_point, resolve_points
from zhengzhi.territory.tests.conftest import C1, C2, box

EPS = 1e-9


def test_a_point_inside_a_grid_resolves_to_it_and_its_units(units, grids):
    res = resolve_point(120.005, 30.005)
    assert res.via == "grid"
    assert res.grid_id == grids["g1"].pk and res.grid_code == C1 + "001"
    assert res.community_id == units["c1"].pk == res.unit_id
    assert res.street_id == units["street"].pk
    assert res.district_id == units["district"].pk


def test_a_point_on_a_shared_edge_goes_to_the_lowest_code(grids):
    # g1 (…001001) and g2 (…001002) share the edge lon = 120.01; g2 was created first.
    assert resolve_point(120.01, 30.005).grid_code == C1 + "001"
    # g1/g2 below and g3 (…002001) above share lat = 30.01.
    assert resolve_point(120.015, 30.01).grid_code == C1 + "002"


def test_a_vertex_shared_by_three_grids_goes_to_the_lowest_code(grids):
    assert resolve_point(120.01, 30.01).grid_code == C1 + "001"


def test_a_point_just_beside_a_border_goes_to_the_grid_it_is_in(grids):
    assert resolve_point(120.01 + EPS, 30.005).grid_code == C1 + "002"
    assert resolve_point(120.01 - EPS, 30.005).grid_code == C1 + "001"
    assert resolve_point(120.015, 30.01 + EPS).grid_code == C2 + "001"
    assert resolve_point(120.015, 30.01 - EPS).grid_code == C1 + "002"


def test_the_outer_edge_and_corner_of_a_grid_belong_to_it(grids):
    assert resolve_point(120.00, 30.005).grid_code == C1 + "001"
    assert resolve_point(120.00, 30.00).grid_code == C1 + "001"
    assert resolve_point(120.00 - EPS, 30.005).via == "none"


def test_border_answers_are_the_same_every_time_and_in_a_batch(grids, boundaries):
    points = [
        (120.01, 30.005), (120.01, 30.01), (120.015, 30.01), (120.00, 30.00), (120.02, 30.02),
        (120.005, 30.005), (120.025, 30.015), (120.035, 30.025), (121.0, 31.0),
    ]  # fmt: skip
    first = [resolve_point(*p) for p in points]
    for _ in range(50):
        assert [resolve_point(*p) for p in points] == first
    routing.invalidate()  # a rebuilt index answers the same
    assert [resolve_point(*p) for p in points] == first
    assert resolve_points(points) == first
    assert resolve_points(np.array(points)) == first


def test_a_point_in_no_grid_falls_to_the_smallest_boundary_that_holds_it(units, grids, boundaries):
    res = resolve_point(120.025, 30.015)  # inside c2's boundary, beyond its only grid
    assert res.via == "boundary" and res.grid_id is None and res.grid_code == ""
    assert res.unit_id == res.community_id == units["c2"].pk
    assert res.street_id == units["street"].pk and res.district_id == units["district"].pk
    res = resolve_point(120.025, 30.005)  # in the street, in no community
    assert (res.via, res.unit_id, res.community_id) == ("boundary", units["street"].pk, None)
    assert res.district_id == units["district"].pk
    res = resolve_point(120.045, 30.04)  # in the district only
    assert (res.unit_id, res.street_id, res.district_id) == (
        units["district"].pk,
        None,
        units["district"].pk,
    )


def test_a_point_on_the_border_of_two_communities_falls_to_the_lower_division_code(
    units, boundaries
):
    # No grids at all: c1 (…001001) and c2 (…001002) share lat = 30.01.
    res = resolve_point(120.015, 30.01)
    assert res.via == "boundary" and res.unit_id == units["c1"].pk
    res = resolve_point(120.025, 30.01)  # c1 stops at 120.02: only c2 holds this one
    assert res.via == "boundary" and res.unit_id == units["c2"].pk


def test_a_point_nowhere_says_so(grids, boundaries):
    res = resolve_point(121.5, 31.5)
    assert res == routing.NOWHERE
    assert (res.via, res.grid_id, res.unit_id) == ("none", None, None)


def test_it_refuses_impossible_positions(grids):
    for lon, lat in [(181, 30), (120, 91), (math.nan, 30), (120, -math.inf)]:
        with pytest.raises(ValueError):
            resolve_point(lon, lat)
    with pytest.raises(ValueError):
        resolve_points([[120.0, 30.0], [200.0, 30.0]])


def test_a_warm_router_does_not_touch_the_database(grids, django_assert_num_queries):
    resolve_point(120.005, 30.005)
    rng = np.random.default_rng(7)
    pts = rng.uniform([119.99, 29.99], [120.03, 30.03], size=(2000, 2))
    with django_assert_num_queries(0):
        for lon, lat in pts:
            resolve_point(lon, lat)
        resolve_points(pts)


def test_changing_a_grid_is_seen_at_once_by_this_process(units, people, grids, boundaries):
    assert resolve_point(120.005, 30.005).grid_code == C1 + "001"
    services.update_grid(
        grids["g1"], actor=people["admin"], geometry=box(120.1, 30.1, 120.11, 30.11)
    )
    res = resolve_point(120.005, 30.005)
    assert res.via == "boundary" and res.unit_id == units["c1"].pk
    assert resolve_point(120.105, 30.105).grid_code == C1 + "001"
    services.deactivate_grid(grids["g1"], actor=people["admin"])
    assert resolve_point(120.105, 30.105).via == "none"
    services.update_grid(grids["g2"], actor=people["admin"], is_active=False)
    assert resolve_point(120.015, 30.005).via == "boundary"


def test_a_new_grid_is_routed_to_at_once(units, people, grids):
    assert resolve_point(120.025, 30.005).via == "none"
    services.create_grid(
        actor=people["admin"],
        code=C1 + "003",
        name="柳岸3号网格",
        community=units["c1"],
        geometry=box(120.02, 30.00, 120.03, 30.01),
    )
    assert resolve_point(120.025, 30.005).grid_code == C1 + "003"


def test_another_process_notices_a_change_at_its_next_check(people, grids):
    eager = Router(check_seconds=0)
    lazy = Router(check_seconds=3600)
    assert eager.resolve_point(120.005, 30.005).grid_code == C1 + "001"
    assert lazy.resolve_point(120.005, 30.005).grid_code == C1 + "001"
    version = TerritoryVersion.objects.get(pk=1).version
    # Only the module's router is told; the two others stand for other processes.
    services.update_grid(
        grids["g1"], actor=people["admin"], geometry=box(120.1, 30.1, 120.11, 30.11)
    )
    assert TerritoryVersion.objects.get(pk=1).version == version + 1
    assert eager.resolve_point(120.005, 30.005).via == "none"
    assert lazy.resolve_point(120.005, 30.005).grid_code == C1 + "001"  # until its next check


def test_changing_only_the_worker_keeps_the_index(people, grids):
    version = TerritoryVersion.objects.get(pk=1).version
    services.assign_worker(grids["g2"], actor=people["admin"], worker_name="王五")
    assert TerritoryVersion.objects.get(pk=1).version == version
    assert Grid.objects.get(pk=grids["g2"].pk).worker_name == "王五"


def test_an_unreadable_stored_geometry_is_skipped_not_fatal(grids):
    Grid.objects.filter(pk=grids["g2"].pk).update(geometry={"type": "Polygon", "coordinates": 5})
    routing.invalidate()
    assert resolve_point(120.005, 30.005).grid_code == C1 + "001"
    assert resolve_point(120.015, 30.005).via == "none"


def test_many_grids_batch_and_single_agree():
    """The index alone, without a database: a 40 x 40 lattice of unit squares."""
    from shapely.geometry import shape

    records = []
    for i in range(40):
        for j in range(40):
            code = f"330199001001{i * 40 + j:03d}"[-15:]
            records.append(
                routing.GridRecord(
                    i * 40 + j + 1, f"{i:03d}{j:03d}", 7, shape(box(i, j, i + 1, j + 1))
                )
            )
            assert len(code) == 15
    index = routing.RoutingIndex(records, [], {7: (7, 8, 9)})
    rng = np.random.default_rng(1)
    pts = np.vstack([rng.uniform(-1, 41, size=(3000, 2)), rng.integers(0, 41, size=(500, 2))])
    single = [index.resolve(x, y) for x, y in pts]
    assert index.resolve_many(pts[:, 0], pts[:, 1]) == single
    # integer points sit on corners shared by up to four cells: the lowest code wins
    assert index.resolve(5.0, 7.0).grid_code == "004006"
    assert index.resolve(0.5, 0.5).street_id == 8
