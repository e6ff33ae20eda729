import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from zhengzhi.audit.models import AuditEvent
from zhengzhi.territory.demo import build_demo_territory
from zhengzhi.territory.models import Grid, Segment, UnitBoundary
from zhengzhi.territory.routing import resolve_point, resolve_points
from zhengzhi.territory.tests.conftest import C1


def test_the_demo_territory_tiles_without_gaps_or_overlaps(demo_org, units, people):
    counts = build_demo_territory(demo_org)
    assert counts == {"grids": 60, "boundaries": 11, "segments": 29}
    grids = list(Grid.objects.all())
    polys = [shape(g.geometry) for g in grids]
    assert all(p.is_valid for p in polys)
    assert {len(p.exterior.coords) - 1 for p in polys} - {4} != set()  # not all quadrilaterals
    union = shapely.union_all(polys)
    assert union.area == pytest.approx(sum(p.area for p in polys), rel=1e-9)  # no overlaps
    assert union.geom_type == "Polygon" and not union.interiors  # no gaps
    minx, miny, maxx, maxy = union.bounds
    assert 120.10 < minx < maxx < 120.20 and 30.22 < miny < maxy < 30.28
    for community in demo_org["communities"]:
        assert 7 <= Grid.objects.filter(community=community).count() <= 8
    first = Grid.objects.get(code=C1 + "001")
    assert first.worker == people["handler"] and first.worker_name == "handler"
    assert Segment.objects.filter(unit=units["dept"]).exists()
    assert UnitBoundary.objects.filter(unit=units["district"]).exists()


def test_demo_points_route_to_grids_and_the_rim_to_the_district(demo_org, units):
    build_demo_territory(demo_org)
    union = shapely.union_all([shape(g.geometry) for g in Grid.objects.all()])
    rng = np.random.default_rng(3)
    minx, miny, maxx, maxy = union.bounds
    pts = rng.uniform([minx, miny], [maxx, maxy], size=(400, 2))
    for (lon, lat), res in zip(pts, resolve_points(pts), strict=True):
        inside = union.covers(shapely.Point(lon, lat))
        assert (res.via == "grid") == inside
        if not inside:
            assert res.unit_id == units["district"].pk
    res = resolve_point(minx - 0.001, (miny + maxy) / 2)
    assert res.via == "boundary" and res.unit_id == units["district"].pk


def test_the_demo_can_run_again(demo_org):
    build_demo_territory(demo_org)
    events = AuditEvent.objects.count()
    assert build_demo_territory(demo_org) == {"grids": 60, "boundaries": 11, "segments": 29}
    assert Grid.objects.count() == 60 and Segment.objects.count() == 29
    # nothing changed: only the three import summaries are recorded
    assert AuditEvent.objects.count() == events + 3
