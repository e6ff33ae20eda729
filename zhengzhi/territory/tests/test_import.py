import json

import pytest

from zhengzhi.audit.models import AuditEvent
from zhengzhi.territory.models import Grid, Segment, UnitBoundary
from zhengzhi.territory.routing import resolve_point
from zhengzhi.territory.services import (
    import_boundaries,
    import_grids,
    import_segments,
)
from zhengzhi.territory.tests.conftest import BOWTIE, C1, C2, box, collection, feature

LINE = {"type": "LineString", "coordinates": [[120.0, 30.0], [120.02, 30.0]]}


def good_file():
    return collection(
        feature(
            box(120.00, 30.00, 120.01, 30.01),
            code=C1 + "001",
            name="一号",
            community="liuan",
            worker="handler",
            responsible_party="柳岸社区居委会",
        ),
        feature(
            box(120.01, 30.00, 120.02, 30.01),
            code=C1 + "002",
            name="二号",
            community=C1,
            worker_name="李四",
            worker_phone="13800000002",
        ),
        # no community: taken from the code
        feature(box(120.00, 30.01, 120.02, 30.02), code=C2 + "001", name="三号"),
    )


def test_it_imports_grids_and_routes_to_them(units, people):
    result = import_grids(json.dumps(good_file()).encode(), actor=people["admin"])
    assert result.ok, result.errors
    assert (result.total, result.created, result.updated) == (3, 3, 0)
    g1 = Grid.objects.get(code=C1 + "001")
    assert g1.worker == people["handler"] and g1.worker_name == "handler"
    assert Grid.objects.get(code=C2 + "001").community == units["c2"]
    assert resolve_point(120.015, 30.015).grid_code == C2 + "001"
    summary = AuditEvent.objects.get(action="territory.grids.imported")
    assert summary.data == {"total": 3, "created": 3, "updated": 0, "unchanged": 0}
    assert AuditEvent.objects.filter(action="territory.grid.created").count() == 3


def test_a_second_import_updates_by_code_and_keeps_what_it_leaves_out(units, people):
    import_grids(good_file(), actor=people["admin"])
    again = good_file()
    again["features"][0]["properties"] = {"code": C1 + "001", "name": "一号（新）"}
    result = import_grids(again, actor=people["admin"])
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    g1 = Grid.objects.get(code=C1 + "001")
    assert g1.name == "一号（新）" and g1.worker == people["handler"]  # worker kept
    assert Grid.objects.count() == 3


def test_bad_features_are_all_reported_and_nothing_is_loaded(units, people):
    bad = collection(
        feature(box(120.00, 30.00, 120.01, 30.01), code=C1 + "001", name="好的"),
        feature(BOWTIE, code=C1 + "002", name="蝴蝶结"),
        feature(LINE, code=C1 + "003", name="线"),
        feature(box(120.1, 30.1, 120.2, 30.2), code="33019900100", name="短码"),
        feature(box(120.1, 30.1, 120.2, 30.2), code="330199009009001", name="无此社区"),
        feature(box(120.2, 30.2, 120.3, 30.3), code=C1 + "001", name="重复"),
        feature(box(120.3, 30.3, 120.4, 30.4), code=C1 + "004", name="", worker="nobody"),
        feature(box(120.3, 30.3, 120.4, 30.4), code=C2 + "005", name="错社区", community="liuan"),
        "not a feature",
    )
    before = AuditEvent.objects.count()
    result = import_grids(bad, actor=people["admin"])
    assert not result.ok
    by_index = {}
    for error in result.errors:
        by_index.setdefault(error.index, []).append(error.message)
    assert set(by_index) == {2, 3, 4, 5, 6, 7, 8, 9}
    assert "Self-intersection" in by_index[2][0]
    assert "geometry type is LineString" in by_index[3][0]
    assert "15 digits" in by_index[4][0]
    assert "330199009009" in by_index[5][0]
    assert "already appears in feature 1" in by_index[6][0]
    assert any("“name” is required" in m for m in by_index[7])
    assert any("Unknown user “nobody”" in m for m in by_index[7])
    assert "must begin with the division code 330199001001" in by_index[8][0]
    assert "not a GeoJSON Feature" in by_index[9][0]
    assert [e.code for e in result.errors if e.index == 2] == [C1 + "002"]
    assert "Feature 2 (330199001001002): " in str(result.errors[0])
    assert not Grid.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_bad_feature_among_updates_changes_nothing(units, people):
    import_grids(good_file(), actor=people["admin"])
    second = good_file()
    second["features"][0]["properties"]["name"] = "改了"
    second["features"][2]["geometry"] = BOWTIE
    assert not import_grids(second, actor=people["admin"]).ok
    assert Grid.objects.get(code=C1 + "001").name == "一号"


@pytest.mark.parametrize(
    "raw, fragment",
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (json.dumps({"type": "Feature"}), "not a GeoJSON FeatureCollection"),
        (json.dumps({"type": "FeatureCollection", "features": []}), "has no features"),
    ],
)
def test_a_bad_file_is_reported_as_a_whole(units, people, raw, fragment):
    result = import_grids(raw, actor=people["admin"])
    assert len(result.errors) == 1 and result.errors[0].index is None
    assert fragment in result.errors[0].message


def test_a_dry_run_counts_and_saves_nothing(units, people):
    before = AuditEvent.objects.count()
    result = import_grids(good_file(), actor=people["admin"], dry_run=True)
    assert result.ok and result.created == 3
    assert not Grid.objects.exists()
    assert AuditEvent.objects.count() == before
    assert resolve_point(120.005, 30.005).via == "none"


def test_it_imports_segments(units, people):
    fc = collection(
        feature(
            LINE,
            code="jiefang-1",
            name="解放路（一段）",
            unit="cgj",
            community="liuan",
            responsible_party="沿街商户",
        ),
        feature(
            {"type": "MultiLineString", "coordinates": [LINE["coordinates"]]},
            code="jiefang-2",
            name="解放路（二段）",
            unit="330199001002",
        ),
    )
    result = import_segments(fc, actor=people["admin"])
    assert result.ok, result.errors
    seg = Segment.objects.get(code="jiefang-1")
    assert seg.unit == units["dept"] and seg.community == units["c1"]
    assert Segment.objects.get(code="jiefang-2").unit == units["c2"]


def test_bad_segments_load_nothing(units, people):
    fc = collection(
        feature(LINE, code="ok-1", name="好", unit="cgj"),
        feature(box(120, 30, 120.1, 30.1), code="poly", name="面", unit="cgj"),
        feature(LINE, code="nounit", name="无单位", unit="nope"),
        feature(LINE, code="ok-1", name="重复", unit="cgj"),
        feature(LINE, code="c", name="错社区", unit="cgj", community="donghu"),
    )
    result = import_segments(fc, actor=people["admin"])
    assert sorted({e.index for e in result.errors}) == [2, 3, 4, 5]
    assert not Segment.objects.exists()


def test_it_imports_boundaries_by_code_or_division_code(units, people):
    fc = collection(
        feature(box(120.0, 30.0, 120.02, 30.01), unit="liuan"),
        feature(box(119.9, 29.9, 120.1, 30.1), unit="330199001"),
    )
    result = import_boundaries(fc, actor=people["admin"])
    assert result.ok, result.errors
    assert set(UnitBoundary.objects.values_list("unit__code", flat=True)) == {"liuan", "donghu"}
    assert resolve_point(120.05, 30.05).unit_id == units["street"].pk
    bad = collection(
        feature(box(120.0, 30.0, 120.02, 30.01), unit="cgj"),
        feature(box(120.0, 30.0, 120.02, 30.01), unit="liuan"),
        feature(box(120.0, 30.0, 120.02, 30.01), unit="330199001001"),
    )
    result = import_boundaries(bad, actor=people["admin"])
    assert [e.index for e in result.errors] == [1, 3]
