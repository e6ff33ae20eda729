"""Point-to-grid routing: the project's resolve_point against a bare STRtree query loop.

    .venv/bin/python bench/routing.py [--grids 5000] [--points 100000] [--rounds 3]

Sets up Django on a throw-away SQLite database, stores GRIDS jittered quadrilateral grids (50
communities under 10 streets), and lets the production loader build the index from the database,
exactly as a server process does. Then, in the same run and on the same points:

  bare     for each point: STRtree.query(Point(lon, lat), predicate="intersects"); nothing else
  project  zhengzhi.territory.routing.resolve_point(lon, lat) for each point (range check,
           freshness check, lowest-code tie-break, full Resolution with community/street/district)
  batch    zhengzhi.territory.routing.resolve_points(array) in one call

Each is timed ROUNDS times, interleaved; the best round counts. The index build is timed the same
way against its floor: the grids' geometry read from the database, made into shapely shapes and
put in one STRtree. The aim: project within 1.5x of
bare, and over 50,000 points a second.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AIM_RATIO, AIM_RATE = 1.5, 50_000


def setup_django(tmp: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "zhengzhi.settings",
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "ZZ_VAR_DIR": tmp,
            "ZZ_LOG_LEVEL": "WARNING",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def store_grids(n_grids: int) -> list:
    """A jittered lattice of quadrilaterals sharing their vertices: no gaps, no overlaps."""
    import numpy as np
    from shapely.geometry import Polygon

    from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
    from zhengzhi.territory.models import Grid
    from zhengzhi.territory.services import bump_version

    cols = math.ceil(math.sqrt(n_grids * 2))
    rows = math.ceil(n_grids / cols)
    cell, x0, y0 = 0.002, 120.0, 30.0
    rng = np.random.default_rng(42)
    vx = x0 + (np.arange(cols + 1)[:, None] + rng.uniform(-0.2, 0.2, (cols + 1, rows + 1))) * cell
    vy = y0 + (np.arange(rows + 1)[None, :] + rng.uniform(-0.2, 0.2, (cols + 1, rows + 1))) * cell

    n_communities = 50
    district = Unit.objects.add_root({
        "name": "基准区", "code": "bench", "kind": UnitKind.TERRITORY,
        "level": TerritoryLevel.DISTRICT, "division_code": "339999"})  # fmt: skip
    communities = []
    for s in range(10):
        street = Unit.objects.add_child(district, {
            "name": f"街道{s}", "code": f"bench-s{s}", "kind": UnitKind.TERRITORY,
            "level": TerritoryLevel.STREET, "division_code": f"339999{s + 1:03d}"})  # fmt: skip
        for c in range(n_communities // 10):
            communities.append(Unit.objects.add_child(street, {
                "name": f"社区{s}-{c}", "code": f"bench-s{s}-c{c}", "kind": UnitKind.TERRITORY,
                "level": TerritoryLevel.COMMUNITY,
                "division_code": f"339999{s + 1:03d}{c + 1:03d}"}))  # fmt: skip

    polys, objs = [], []
    per_community = math.ceil(n_grids / n_communities)
    for k in range(n_grids):
        i, j = k % cols, k // cols
        ring = [(vx[i, j], vy[i, j]), (vx[i + 1, j], vy[i + 1, j]),
                (vx[i + 1, j + 1], vy[i + 1, j + 1]), (vx[i, j + 1], vy[i, j + 1])]  # fmt: skip
        poly = Polygon(ring)
        community = communities[min(k // per_community, n_communities - 1)]
        seq = k % per_community + 1
        code = f"{community.division_code}{seq:03d}"
        minx, miny, maxx, maxy = poly.bounds
        polys.append(poly)
        objs.append(Grid(
            code=code, name=f"网格{k}", community=community,
            geometry={"type": "Polygon", "coordinates": [[list(p) for p in (*ring, ring[0])]]},
            min_lon=minx, min_lat=miny, max_lon=maxx, max_lat=maxy,
        ))  # fmt: skip
    Grid.objects.bulk_create(objs, batch_size=500)
    bump_version()
    return polys


def bare_index():
    """The floor of the index build: the grids' geometry read, made into shapes, one STRtree."""
    from shapely import STRtree
    from shapely.geometry import shape

    from zhengzhi.territory.models import Grid

    rows = Grid.objects.filter(is_active=True).values_list("geometry", flat=True)
    return STRtree([shape(g) for g in rows])


def rate(fn, n: int, rounds: list[float]) -> None:
    start = time.perf_counter()
    fn()
    rounds.append(n / (time.perf_counter() - start))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grids", type=int, default=5000)
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="zz-bench-") as tmp:
        setup_django(tmp)
        import numpy as np
        from shapely import Point, STRtree

        from zhengzhi.territory import routing

        polys = store_grids(args.grids)
        # The build itself, timed directly: the on-commit hook of the last grid stored has
        # already built the router's index, so asking the router would time nothing.
        builds, bare_builds = [], []
        for _ in range(args.rounds):
            t = time.perf_counter()
            index = routing.load_index()  # the production loader, from the database
            builds.append(time.perf_counter() - t)
            t = time.perf_counter()
            bare_index()
            bare_builds.append(time.perf_counter() - t)
        assert index.grid_count == args.grids
        build, bare_build = min(builds), min(bare_builds)
        routing.router.refresh_now()

        # Points over the lattice, inset a little so that (nearly) every point is in a grid.
        minx = min(p.bounds[0] for p in polys)
        maxx = max(p.bounds[2] for p in polys)
        miny = min(p.bounds[1] for p in polys)
        maxy = max(p.bounds[3] for p in polys)
        pad = 0.004
        rng = np.random.default_rng(7)
        pts = rng.uniform([minx + pad, miny + pad], [maxx - pad, maxy - pad], (args.points, 2))
        coords = pts.tolist()
        tree = STRtree(polys)

        def bare():
            query = tree.query
            for lon, lat in coords:
                query(Point(lon, lat), predicate="intersects")

        resolve_point = routing.resolve_point

        def project():
            for lon, lat in coords:
                resolve_point(lon, lat)

        def batch():
            routing.resolve_points(pts)

        results = {"bare": [], "project": [], "batch": []}
        for _ in range(args.rounds):
            rate(bare, args.points, results["bare"])
            rate(project, args.points, results["project"])
            rate(batch, args.points, results["batch"])

        # The two ways agree: a sample checked point by point.
        single = [resolve_point(lon, lat) for lon, lat in coords[:2000]]
        assert routing.resolve_points(pts[:2000]) == single
        in_grid = sum(r.via == "grid" for r in single) / len(single)

    bare_rate = max(results["bare"])
    project_rate = max(results["project"])
    batch_rate = max(results["batch"])
    ratio = bare_rate / project_rate
    print(f"grids                  {args.grids:>12,}")
    print(f"points                 {args.points:>12,}   ({in_grid:.1%} inside a grid)")
    print(
        f"index build (from DB)  {build:>12.3f} s   (floor: read, shape, STRtree "
        f"{bare_build:.3f} s, {build / bare_build:.1f}x)"
    )
    print(f"bare STRtree loop      {bare_rate:>12,.0f} points/s")
    print(f"resolve_point loop     {project_rate:>12,.0f} points/s")
    print(f"resolve_points batch   {batch_rate:>12,.0f} points/s")
    print(f"ratio bare/project     {ratio:>12.2f} x   (aim <= {AIM_RATIO})")
    ok = ratio <= AIM_RATIO and project_rate >= AIM_RATE
    print(f"aim met                {'yes' if ok else 'NO':>12}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
