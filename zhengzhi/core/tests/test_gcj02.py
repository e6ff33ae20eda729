"""GCJ-02 in basemap.js, both ways, run in Node (installed with npm by bin/setup): reference
points of the widely used open implementation, the inverse within a few millimetres, nothing
shifted outside mainland China."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

BASEMAP_JS = Path(__file__).resolve().parents[2] / "static" / "zhengzhi" / "basemap.js"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

# WGS-84 (lat, lng) -> GCJ-02 (lat, lng), the reference vectors of the open "eviltransform".
REFERENCE = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing
]


def run(calls: list[tuple[str, float, float]]) -> list[list[float]]:
    script = (
        f"const g = require({json.dumps(str(BASEMAP_JS))}).gcj02;"
        f"const calls = {json.dumps(calls)};"
        "console.log(JSON.stringify(calls.map(([f, a, b]) => g[f](a, b))));"
    )
    out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_wgs84_to_gcj02_matches_the_reference_points():
    got = run([("wgsToGcj", *wgs) for wgs, _ in REFERENCE])
    for (_, gcj), (lat, lng) in zip(REFERENCE, got, strict=True):
        assert abs(lat - gcj[0]) < 1e-9 and abs(lng - gcj[1]) < 1e-9


def test_gcj02_to_wgs84_inverts_the_reference_points():
    got = run([("gcjToWgs", *gcj) for _, gcj in REFERENCE])
    for (wgs, _), (lat, lng) in zip(REFERENCE, got, strict=True):
        # 1e-8 degrees is about a millimetre.
        assert abs(lat - wgs[0]) < 1e-8 and abs(lng - wgs[1]) < 1e-8


def test_round_trips_across_china_stay_within_a_millimetre():
    points = [(lat / 10, lng / 10) for lat in range(185, 535, 50) for lng in range(745, 1345, 75)]
    there = run([("wgsToGcj", lat, lng) for lat, lng in points])
    back = run([("gcjToWgs", lat, lng) for lat, lng in there])
    for (lat, lng), (glat, glng), (blat, blng) in zip(points, there, back, strict=True):
        assert (glat, glng) != (lat, lng)  # the offset is real (tens to hundreds of metres)
        assert abs(blat - lat) < 1e-8 and abs(blng - lng) < 1e-8


def test_outside_mainland_china_nothing_moves():
    tokyo, london = (35.6895, 139.6917), (51.5074, -0.1278)
    got = run([(f, *p) for f in ("wgsToGcj", "gcjToWgs") for p in (tokyo, london)])
    assert got == [list(tokyo), list(london), list(tokyo), list(london)]
