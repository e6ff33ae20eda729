"""The demo territory: about 60 grids in 8 communities of a fictional district near lon 120.15,
lat 30.25, community/street/district boundaries, and 29 street segments (every named road
between its main crossings, so that a map with no base map still shows the streets and their
names). Safe to run again.

The cells come from one jittered lattice whose shared vertices and edge midpoints are computed
once per vertex or edge, so neighbouring grids share their borders exactly: no gaps, no overlaps,
and every grid an irregular quadrilateral to octagon rather than a square. A strip around the
built-up area lies in the district boundary but in no grid, to show the fallback (属地兜底).
Everything is loaded through the import services, so it is validated and audited like real data.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable

import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.polygon import orient

from zhengzhi.territory.geometry import to_geojson
from zhengzhi.territory.services import import_boundaries, import_grids, import_segments

ORIGIN = (120.114, 30.233)  # south-west corner of the lattice
CELL = (0.006, 0.005)  # about 580 m x 555 m at this latitude
BLOCK = 3  # a community is a 3 x 3 block of cells, some merged
BLOCKS_PER_ROW = 4
RIM = 0.002  # district boundary beyond the outermost grids

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "丽华", "志强", "秀英", "海燕", "明", "静", "伟", "芳", "军", "晓东", "玉兰",
         "春生", "红梅", "国平", "婷", "小龙", "桂芳", "立新", "慧"]  # fmt: skip
PROPERTY_FIRMS = ["绿城物业", "滨江物业", "湖畔物业", "鑫苑物业", "东方物业"]
V_ROADS = {0: "西环路", 1: "青年路", 3: "人民大道", 6: "文化路", 9: "健康路", 12: "东环路"}
H_ROADS = {0: "南环路", 1: "建设路", 3: "解放路", 5: "和平路", 6: "北环路"}
# (horizontal?, line index, from, to): 29 stretches between crossings. The first 15 were the
# demo's segments before it drew its own street map; their codes (…-seg-01 to 15) stay.
ROAD_PLAN = [
    (True, 3, 0, 3), (True, 3, 3, 6), (True, 3, 6, 9), (True, 3, 9, 12),
    (True, 1, 0, 3), (True, 5, 3, 6), (True, 0, 3, 9),
    (False, 3, 0, 3), (False, 3, 3, 6), (False, 6, 0, 3), (False, 6, 3, 6),
    (False, 9, 0, 3), (False, 9, 3, 6), (False, 1, 1, 5), (False, 12, 0, 6),
    (True, 0, 0, 3), (True, 0, 9, 12),
    (True, 1, 3, 6), (True, 1, 6, 9), (True, 1, 9, 12),
    (True, 5, 0, 3), (True, 5, 6, 9), (True, 5, 9, 12),
    (True, 6, 0, 3), (True, 6, 3, 6), (True, 6, 6, 9), (True, 6, 9, 12),
    (False, 0, 0, 3), (False, 0, 3, 6),
]  # fmt: skip


def _rng(*key) -> random.Random:
    return random.Random("demo-territory:" + ":".join(map(str, key)))


def _vertex(i: int, j: int) -> tuple[float, float]:
    r = _rng("v", i, j)
    return (
        round(ORIGIN[0] + (i + r.uniform(-0.18, 0.18)) * CELL[0], 6),
        round(ORIGIN[1] + (j + r.uniform(-0.18, 0.18)) * CELL[1], 6),
    )


def _edge_mid(a: tuple[int, int], b: tuple[int, int]) -> tuple[float, float] | None:
    """A bend in the edge a-b (shared by both cells on it), or None for a straight edge."""
    r = _rng("e", *a, *b)
    if r.random() < 0.35:
        return None
    (x1, y1), (x2, y2) = _vertex(*a), _vertex(*b)
    t = r.uniform(0.35, 0.65)
    x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
    if a[1] == b[1]:  # horizontal edge: bend up or down
        y += r.uniform(-0.12, 0.12) * CELL[1]
    else:
        x += r.uniform(-0.12, 0.12) * CELL[0]
    return (round(x, 6), round(y, 6))


def _path(points: Iterable[tuple[int, int]]) -> list[tuple[float, float]]:
    """Lattice points -> coordinates, with the shared bends of every edge between them."""
    points = list(points)
    out = [_vertex(*points[0])]
    for a, b in zip(points, points[1:], strict=False):
        key = (a, b) if a <= b else (b, a)
        mid = _edge_mid(*key)
        if mid is not None:
            out.append(mid)
        out.append(_vertex(*b))
    return out


def _cell(i: int, j: int) -> Polygon:
    ring = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1), (i, j)]
    return Polygon(_path(ring))


def _community_cells(k: int) -> list[Polygon]:
    """The grids of the k-th community: its 3 x 3 block with one or two pairs of cells merged."""
    bi, bj = (k % BLOCKS_PER_ROW) * BLOCK, (k // BLOCKS_PER_ROW) * BLOCK
    cells = {(di, dj): _cell(bi + di, bj + dj) for dj in range(BLOCK) for di in range(BLOCK)}
    merges = [((0, 0), (1, 0))] + ([((2, 1), (2, 2))] if k % 2 else [])
    for a, b in merges:
        cells[a] = orient(shapely.union(cells[a], cells.pop(b)), 1.0)
    return [cells[key] for key in sorted(cells, key=lambda c: (c[1], c[0]))]


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, dict):
        return list(value.values())
    return list(value)


def _person(*key) -> tuple[str, str]:
    r = _rng("p", *key)
    return r.choice(SURNAMES) + r.choice(GIVEN), f"1380000{r.randrange(10_000):04d}"


def _fc(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _feature(geom, **props) -> dict:
    return {"type": "Feature", "geometry": to_geojson(geom), "properties": props}


def build_demo_territory(org: dict, *, actor=None) -> dict:
    """org: {"district": Unit (optional, else the streets' parent), "streets": [Unit],
    "communities": [Unit] (12-digit division codes), "users": [User] or {name: User} (optional;
    each user of a community becomes the worker of one of its first grids), "departments": [Unit]
    (optional; one named 城管… answers for the ring roads)}. Returns {"grids", "boundaries",
    "segments"}: how many features of each were loaded (created, updated or unchanged)."""
    communities = sorted(_as_list(org.get("communities")), key=lambda u: u.path)
    streets = sorted(_as_list(org.get("streets")), key=lambda u: u.path)
    district = org.get("district") or (streets[0].get_parent() if streets else None)
    users = [u for u in _as_list(org.get("users")) if getattr(u, "unit_id", None)]
    # Ring roads are kept by city management (城管) where the demo has such a department.
    keeper = next((d for d in _as_list(org.get("departments")) if "城管" in d.name), None)
    for community in communities:
        if len(community.division_code or "") != 12:
            raise ValueError(f"community {community.code} needs a 12-digit division code")

    grids, shapes = [], {}
    for k, community in enumerate(communities):
        cells = _community_cells(k)
        shapes[community.pk] = shapely.union_all(cells)
        own_users = [u for u in users if u.unit_id == community.pk]
        for n, cell in enumerate(cells, 1):
            name, phone = _person(community.code, n)
            props = {
                "code": f"{community.division_code}{n:03d}",
                "name": f"{community.name}第{n}网格",
                "community": community.code,
                "worker_name": name,
                "worker_phone": phone,
                "responsible_party": f"{community.name}居民委员会"
                if n % 3
                else f"{_rng('f', community.code, n).choice(PROPERTY_FIRMS)}服务中心",
            }
            # The community's users keep its first grids, one each (the handler and the grid
            # workers gw01, gw02…), so that every grid worker's account has its grid.
            if n <= len(own_users):
                worker = own_users[n - 1].get_username()
                props.update(worker=worker, worker_name="", worker_phone="")
            grids.append(_feature(cell, **props))

    boundaries = [_feature(shapes[c.pk], unit=c.code) for c in communities]
    street_shapes = {}
    for street in streets:
        parts = [shapes[c.pk] for c in communities if c.path.startswith(street.path)]
        if parts:
            street_shapes[street.pk] = shapely.union_all(parts)
            boundaries.append(_feature(street_shapes[street.pk], unit=street.code))
    if district is not None and shapes:
        outline = shapely.union_all(list(shapes.values())).buffer(
            RIM, join_style="mitre", mitre_limit=2.0
        )
        boundaries.append(_feature(outline, unit=district.code))

    segments = _segments(communities, shapes, district, keeper)
    loaded = {}
    for label, importer, features in (
        ("grids", import_grids, grids),
        ("boundaries", import_boundaries, boundaries),
        ("segments", import_segments, segments),
    ):
        if not features:
            loaded[label] = 0
            continue
        result = importer(_fc(features), actor=actor)
        if not result.ok:
            raise ValueError("demo territory: " + "; ".join(map(str, result.errors[:5])))
        loaded[label] = result.total
    return loaded


def _segments(communities, shapes, district, keeper) -> list[dict]:
    cols = BLOCKS_PER_ROW * BLOCK if len(communities) > BLOCKS_PER_ROW else len(communities) * 3
    rows = math.ceil(len(communities) / BLOCKS_PER_ROW) * BLOCK
    prefix = district.code if district is not None else "demo"
    out = []
    for n, (horizontal, line, start, end) in enumerate(ROAD_PLAN, 1):
        max_line, max_end = (rows, cols) if horizontal else (cols, rows)
        if line > max_line or end > max_end:
            continue
        if horizontal:
            points = [(i, line) for i in range(start, end + 1)]
            road, cross = H_ROADS[line], V_ROADS
        else:
            points = [(line, j) for j in range(start, end + 1)]
            road, cross = V_ROADS[line], H_ROADS
        geom = LineString(_path(points))
        name = f"{road}（{cross.get(start, '')}—{cross.get(end, '')}段）"
        if start not in cross or end not in cross:
            name = f"{road}第{n}段"
        mid = geom.interpolate(0.5, normalized=True)
        owner = next((c for c in communities if shapes[c.pk].covers(mid)), None)
        unit = keeper if keeper is not None and "环" in road else owner
        if unit is None:
            continue
        contact, phone = _person("seg", n)
        out.append(
            _feature(
                geom,
                code=f"{prefix}-seg-{n:02d}",
                name=name,
                unit=unit.code,
                community=owner.code if owner else "",
                responsible_party=f"沿街商户（门前五包），责任人{contact} {phone}",
            )
        )
    return out
