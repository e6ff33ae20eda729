"""Point -> grid -> territorial unit, answered from memory.

Each process holds one `RoutingIndex`: an STRtree over the active grids and a second one over unit
boundaries, with the answer for every grid and boundary computed in advance, so that a lookup is
one tree query and a list index and never touches the database. The index is built on first use
and rebuilt when the territory version (a single row, raised by every service that changes grids
or boundaries) differs from the one it was built from; that row is read at most once every
`TERRITORY_ROUTER_CHECK_SECONDS` (default 5) per process. The process that made the change drops
its index at once and rebuilds it right after the commit (`rebuild_after_commit`); a starting web
or worker process builds it before its first lookup (`warm`, see territory.apps and tasks).

Determinism on borders: a point on a shared edge or vertex is covered by several grids; the grid
with the lowest code wins. The trees hold geometries in code order, so "lowest code" is "lowest
index", and the answer never depends on the order in which GEOS reports hits.

A point in no grid falls to the smallest territorial unit whose boundary covers it (属地兜底):
community before street before district, lowest division code on a shared border.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from time import monotonic
from typing import NamedTuple

import numpy as np
import shapely
from shapely import Point, STRtree
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

log = logging.getLogger(__name__)

VIA_GRID, VIA_BOUNDARY, VIA_NONE = "grid", "boundary", "none"
LEVEL_RANK = {"community": 0, "street": 1, "district": 2}
DEFAULT_CHECK_SECONDS = 5.0


class Resolution(NamedTuple):
    grid_id: int | None
    grid_code: str
    community_id: int | None
    street_id: int | None
    district_id: int | None
    unit_id: int | None  # the territorial owner: the community, or the unit found by boundary
    via: str  # "grid" | "boundary" | "none"


NOWHERE = Resolution(None, "", None, None, None, None, VIA_NONE)


@dataclass(frozen=True)
class GridRecord:
    id: int
    code: str
    community_id: int
    geometry: BaseGeometry


@dataclass(frozen=True)
class BoundaryRecord:
    unit_id: int
    level: str
    division_code: str
    geometry: BaseGeometry


# unit id -> (community_id, street_id, district_id) of the unit and its ancestors
Lineage = dict[int, tuple[int | None, int | None, int | None]]


class RoutingIndex:
    """An immutable snapshot; swapped whole, so readers never see a half-built one."""

    def __init__(
        self,
        grids: Iterable[GridRecord],
        boundaries: Iterable[BoundaryRecord],
        lineage: Lineage,
        version: int = 0,
    ):
        self.version = version
        grids = sorted(grids, key=lambda g: g.code)
        boundaries = sorted(
            boundaries, key=lambda b: (LEVEL_RANK.get(b.level, 9), b.division_code, b.unit_id)
        )
        self.grid_count = len(grids)
        self.boundary_count = len(boundaries)
        self._grid_tree = STRtree([g.geometry for g in grids])
        self._boundary_tree = STRtree([b.geometry for b in boundaries])
        self._grid_query = self._grid_tree.query
        self._grid_res = [
            Resolution(
                g.id,
                g.code,
                *lineage.get(g.community_id, (g.community_id, None, None)),
                g.community_id,
                VIA_GRID,
            )
            for g in grids
        ]
        self._boundary_res = [
            Resolution(
                None, "", *lineage.get(b.unit_id, (None, None, None)), b.unit_id, VIA_BOUNDARY
            )
            for b in boundaries
        ]
        # Grid answers, then boundary answers, then "nowhere": one table for the batch path.
        self._table = [*self._grid_res, *self._boundary_res, NOWHERE]

    def resolve(self, lon: float, lat: float) -> Resolution:
        point = Point(lon, lat)
        hits = self._grid_query(point, predicate="intersects")
        if len(hits) == 1:
            return self._grid_res[hits[0]]
        if len(hits):
            return self._grid_res[hits.min()]
        hits = self._boundary_tree.query(point, predicate="intersects")
        if len(hits):
            return self._boundary_res[hits.min()]
        return NOWHERE

    def resolve_many(self, lons: np.ndarray, lats: np.ndarray) -> list[Resolution]:
        points = shapely.points(lons, lats)
        n = len(points)
        choice = np.full(n, len(self._table) - 1, dtype=np.intp)
        missing = np.arange(n)
        for tree, offset in ((self._grid_tree, 0), (self._boundary_tree, self.grid_count)):
            if not missing.size:
                break
            found_in, found = tree.query(points[missing], predicate="intersects")
            if not found.size:
                continue
            # Lowest index (lowest code, or smallest unit) among all hits of each point.
            best = np.full(missing.size, np.iinfo(np.intp).max, dtype=np.intp)
            np.minimum.at(best, found_in, found)
            hit = best != np.iinfo(np.intp).max
            choice[missing[hit]] = best[hit] + offset
            missing = missing[~hit]
        table = self._table
        return [table[i] for i in choice.tolist()]


def _check_range(lon, lat) -> None:
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):  # also refuses NaN
        raise ValueError(f"not a WGS84 position: {lon!r}, {lat!r}")


class Router:
    """Keeps a process's index warm and notices other processes' changes within a few seconds."""

    def __init__(
        self,
        loader: Callable[[], RoutingIndex] | None = None,
        version_reader: Callable[[], int] | None = None,
        check_seconds: float | None = None,
    ):
        self._loader = loader or load_index
        self._version_reader = version_reader or read_version
        self._check_seconds = check_seconds
        self._lock = threading.Lock()
        self._snap: RoutingIndex | None = None
        self._next_check = 0.0

    @property
    def check_seconds(self) -> float:
        if self._check_seconds is not None:
            return self._check_seconds
        from django.conf import settings

        return float(getattr(settings, "TERRITORY_ROUTER_CHECK_SECONDS", DEFAULT_CHECK_SECONDS))

    def invalidate(self) -> None:
        with self._lock:
            self._snap = None

    def refresh_now(self) -> RoutingIndex:
        """Brings the index up to the committed version at once (a rebuild only if it is behind):
        the process that changed the territory calls this after the commit, once or many times
        per transaction, so the next lookup finds the index ready."""
        with self._lock:
            snap = self._snap
            if snap is None or self._version_reader() != snap.version:
                snap = self._loader()
                self._snap = snap
            self._next_check = monotonic() + self.check_seconds
            return snap

    def index(self) -> RoutingIndex:
        snap = self._snap
        if snap is None or monotonic() >= self._next_check:
            snap = self._refresh()
        return snap

    def _refresh(self) -> RoutingIndex:
        with self._lock:
            snap, now = self._snap, monotonic()
            if snap is not None and now < self._next_check:
                return snap  # another thread refreshed it while this one waited
            if snap is None or self._version_reader() != snap.version:
                snap = self._loader()
                self._snap = snap
            self._next_check = now + self.check_seconds
            return snap

    def resolve_point(self, lon: float, lat: float) -> Resolution:
        _check_range(lon, lat)
        snap = self._snap
        if snap is None or monotonic() >= self._next_check:
            snap = self._refresh()
        return snap.resolve(lon, lat)

    def resolve_points(self, coords: np.ndarray | Sequence[Sequence[float]]) -> list[Resolution]:
        """[[lon, lat], ...] -> one Resolution per row, in one vectorised pass."""
        arr = np.asarray(coords, dtype=float).reshape(-1, 2)
        lons, lats = arr[:, 0], arr[:, 1]
        bad = ~((lons >= -180) & (lons <= 180) & (lats >= -90) & (lats <= 90))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"row {i}: not a WGS84 position: {lons[i]!r}, {lats[i]!r}")
        return self.index().resolve_many(lons, lats)


# --- Loading from the database ------------------------------------------------------------------


def read_version() -> int:
    from zhengzhi.territory.models import TerritoryVersion

    return TerritoryVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def territory_lineage() -> Lineage:
    from zhengzhi.org.models import Unit, UnitKind

    rows = list(Unit.objects.filter(kind=UnitKind.TERRITORY).values_list("id", "path", "level"))
    by_path = {path: (uid, level) for uid, path, level in rows}
    step = Unit.steplen
    lineage: Lineage = {}
    for uid, path, _level in rows:
        found = {"community": None, "street": None, "district": None}
        for end in range(step, len(path) + 1, step):
            anc = by_path.get(path[:end])
            if anc is not None and anc[1] in found:
                found[anc[1]] = anc[0]
        lineage[uid] = (found["community"], found["street"], found["district"])
    return lineage


def _shape(geojson, what: str) -> BaseGeometry | None:
    try:
        geom = shape(geojson)
    except (ValueError, TypeError, AttributeError, KeyError, shapely.errors.GEOSException):
        geom = None
    if geom is None or geom.is_empty:
        # Stored geometry was validated on the way in; one broken row must not stop routing.
        log.warning("territory routing: skipping %s with unreadable geometry", what)
        return None
    return geom


def load_index() -> RoutingIndex:
    from zhengzhi.territory.models import Grid, UnitBoundary

    # Read first: a change committed while loading leaves the index one version behind, so it is
    # picked up at the next check rather than lost.
    version = read_version()
    grids = []
    for gid, code, community_id, geojson in Grid.objects.filter(is_active=True).values_list(
        "id", "code", "community_id", "geometry"
    ):
        geom = _shape(geojson, f"grid {code}")
        if geom is not None:
            grids.append(GridRecord(gid, code, community_id, geom))
    boundaries = []
    # A deactivated unit answers for no place any more; the org services bump the version.
    for unit_id, level, division_code, geojson in UnitBoundary.objects.filter(
        unit__is_active=True
    ).values_list("unit_id", "unit__level", "unit__division_code", "geometry"):
        geom = _shape(geojson, f"boundary of unit {unit_id}")
        if geom is not None:
            boundaries.append(BoundaryRecord(unit_id, level, division_code, geom))
    return RoutingIndex(grids, boundaries, territory_lineage(), version)


router = Router()


def resolve_point(lon: float, lat: float) -> Resolution:
    """The grid and territorial unit of a WGS84 point. ValueError for an impossible position."""
    return router.resolve_point(lon, lat)


def resolve_points(coords) -> list[Resolution]:
    return router.resolve_points(coords)


def invalidate() -> None:
    router.invalidate()


def rebuild_after_commit() -> None:
    """on_commit callback of every territory change: this process's index is rebuilt now, not
    by the next request that needs it."""
    try:
        router.refresh_now()
    except Exception:
        # The change is committed; a failed rebuild only leaves the index to the next lookup.
        router.invalidate()
        log.exception("territory routing: rebuilding the index after a change failed")


def warm() -> bool:
    """Builds the index of a starting process (web or worker) before the first lookup needs it.
    Never raises: a database that is not there yet only leaves the index to be built later.
    Returns whether the index is ready."""
    try:
        router.refresh_now()
    except Exception:
        log.warning("territory routing: could not warm the index", exc_info=True)
        return False
    return True
