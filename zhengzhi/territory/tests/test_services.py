import pytest
from django.core.exceptions import ValidationError

from zhengzhi.audit.models import AuditEvent
from zhengzhi.territory import services
from zhengzhi.territory.models import Grid, TerritoryVersion, UnitBoundary
from zhengzhi.territory.tests.conftest import BOWTIE, C1, box


def make(units, people, **overrides):
    values = {
        "code": C1 + "009",
        "name": "测试网格",
        "community": units["c1"],
        "geometry": box(120.0, 30.0, 120.01, 30.01),
    }
    values.update(overrides)
    return services.create_grid(actor=people["admin"], **values)


def errors_of(excinfo):
    return excinfo.value.message_dict


def test_it_creates_a_grid_with_bbox_audit_row_and_new_version(units, people):
    grid = make(units, people, worker=people["handler"])
    assert (grid.min_lon, grid.min_lat, grid.max_lon, grid.max_lat) == (120.0, 30.0, 120.01, 30.01)
    assert grid.worker_name == "handler"  # filled from the account
    event = AuditEvent.objects.get(action="territory.grid.created")
    assert event.object_id == str(grid.pk) and event.unit_id == units["c1"].pk
    assert TerritoryVersion.objects.get(pk=1).version == 1


@pytest.mark.parametrize(
    "code, fragment",
    [
        ("33019900100100", "15 digits"),
        ("3301990010010010", "15 digits"),
        ("33019900100100A", "15 digits"),
        ("330199001002001", "must begin with the division code 330199001001"),
    ],
)
def test_it_refuses_a_bad_code(units, people, code, fragment):
    with pytest.raises(ValidationError) as excinfo:
        make(units, people, code=code)
    assert fragment in " ".join(errors_of(excinfo)["code"])
    assert not Grid.objects.exists()


def test_it_refuses_a_duplicate_code(units, people):
    make(units, people)
    with pytest.raises(ValidationError) as excinfo:
        make(units, people, name="另一个")
    assert "already has the code" in errors_of(excinfo)["code"][0]


def test_it_refuses_a_unit_that_is_not_a_community(units, people):
    with pytest.raises(ValidationError) as excinfo:
        make(units, people, community=units["street"], code="330199001000001")
    assert "is not a community" in errors_of(excinfo)["community"][0]


@pytest.mark.parametrize(
    "geometry, fragment",
    [
        (BOWTIE, "Self-intersection"),
        ({"type": "LineString", "coordinates": [[120, 30], [120.1, 30.1]]}, "geometry type"),
        (box(200, 30, 201, 31), "outside longitude"),
        (box(30, 120, 31, 121), "outside longitude"),  # lat/lon swapped
        (
            {"type": "Polygon", "coordinates": [[[120, 30], [120.1, 30], [120, 30]]]},
            "Too few points",
        ),
        ({"type": "Polygon", "coordinates": [[[120, 30], ["a", 30]]]}, "not a number"),
        ({"type": "Polygon", "coordinates": []}, "no coordinates"),
        (None, "missing"),
    ],
)
def test_it_refuses_bad_geometry_with_the_reason(units, people, geometry, fragment):
    with pytest.raises(ValidationError) as excinfo:
        make(units, people, geometry=geometry)
    assert fragment in errors_of(excinfo)["geometry"][0]
    assert not Grid.objects.exists()


def test_it_updates_and_audits_only_what_changed(units, people):
    grid = make(units, people)
    before = AuditEvent.objects.count()
    services.update_grid(grid, actor=people["admin"], name="测试网格")
    assert AuditEvent.objects.count() == before  # nothing changed, nothing recorded
    services.update_grid(grid, actor=people["admin"], name="新名字", worker_phone="13800000009")
    event = AuditEvent.objects.filter(action="territory.grid.updated").get()
    assert event.data == {"name": ["测试网格", "新名字"], "worker_phone": ["", "13800000009"]}


def test_an_update_with_bad_values_changes_nothing(units, people):
    grid = make(units, people)
    with pytest.raises(ValidationError):
        services.update_grid(grid, actor=people["admin"], name="新", geometry=BOWTIE)
    grid.refresh_from_db()
    assert grid.name == "测试网格"


def test_it_sets_and_replaces_a_unit_boundary(units, people):
    services.set_unit_boundary(units["c1"], box(120, 30, 120.02, 30.01), actor=people["admin"])
    services.set_unit_boundary(units["c1"], box(120, 30, 120.03, 30.01), actor=people["admin"])
    assert UnitBoundary.objects.get(unit=units["c1"]).max_lon == 120.03
    actions = list(
        AuditEvent.objects.filter(action__startswith="territory.boundary").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["territory.boundary.created", "territory.boundary.updated"]
    assert services.remove_unit_boundary(units["c1"], actor=people["admin"])
    assert not UnitBoundary.objects.exists()


def test_a_boundary_needs_a_territorial_unit(units, people):
    with pytest.raises(ValidationError) as excinfo:
        services.set_unit_boundary(units["dept"], box(120, 30, 121, 31), actor=people["admin"])
    assert "unit" in errors_of(excinfo)
