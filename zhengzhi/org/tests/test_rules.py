import pytest
from django.core.exceptions import ValidationError

from zhengzhi.conftest import make_user
from zhengzhi.org.models import Unit
from zhengzhi.org.rules import UnitData, deactivation_blockers, validate_unit
from zhengzhi.org.services import create_unit, deactivate_unit, reactivate_unit, update_unit

pytestmark = pytest.mark.django_db


def community(parent, **kw):
    base = dict(
        name="新社区",
        code="newc",
        kind="territory",
        level="community",
        division_code="330199001009",
        parent=parent,
    )
    base.update(kw)
    return UnitData(**base)


def test_a_valid_community_under_a_street_passes(units):
    assert validate_unit(community(units["street"])) == {}


def test_a_territory_needs_a_level(units):
    errors = validate_unit(community(units["street"], level=""))
    assert "level" in errors


def test_division_code_length_must_match_the_level(units):
    errors = validate_unit(community(units["street"], division_code="330199001"))
    assert "12" in errors["division_code"][0]
    errors = validate_unit(community(units["street"], division_code="33019900100x"))
    assert "division_code" in errors


def test_division_code_must_start_with_the_parents(units):
    errors = validate_unit(community(units["street"], division_code="330199002009"))
    assert "330199001" in errors["division_code"][0]


def test_a_communitys_parent_must_be_a_street(units):
    errors = validate_unit(community(units["district"], division_code="330199009001", code="x1"))
    assert "parent" in errors
    errors = validate_unit(community(None, code="x2"))
    assert "parent" in errors


def test_a_streets_parent_must_be_a_district(units):
    data = UnitData(
        name="新街道", code="news", kind="territory", level="street",
        division_code="330199001001", parent=units["street"],
    )  # fmt: skip
    assert "parent" in validate_unit(data)


def test_a_district_has_no_territory_above_it(units):
    data = UnitData(
        name="区", code="d2", kind="territory", level="district", division_code="330198",
        parent=units["street"],
    )  # fmt: skip
    assert "parent" in validate_unit(data)
    data.parent = None
    assert validate_unit(data) == {}


def test_codes_and_division_codes_are_unique(units):
    errors = validate_unit(community(units["street"], code="liuan", division_code="330199001001"))
    assert "liuan" in errors["code"][0]
    assert "330199001001" in errors["division_code"][0]


def test_code_must_be_a_slug(units):
    assert "code" in validate_unit(community(units["street"], code="有 空格"))


def test_only_territories_have_level_and_division_code(units):
    data = UnitData(name="局", code="j", kind="department", level="street", division_code="1")
    errors = validate_unit(data)
    assert set(errors) == {"level", "division_code"}


def test_unknown_kind_is_refused(units):
    assert "kind" in validate_unit(UnitData(name="x", code="x", kind="army"))


def test_a_unit_cannot_move_under_its_own_sub_unit(units):
    street = units["street"]
    data = UnitData(name=street.name, code=street.code, kind="department", parent=units["c1"])
    errors = validate_unit(data, instance=street)
    assert "parent" in errors
    # and, having sub-units, it keeps its kind/level/division code
    assert "kind" in errors


def test_a_deactivated_parent_takes_no_new_units(units):
    deactivate_unit(units["other_street"], actor=None)
    units["other_street"].refresh_from_db()
    data = community(units["other_street"], division_code="330199002001")
    assert "parent" in validate_unit(data)


def test_create_unit_writes_in_sorted_place_and_audits(units, people):
    from zhengzhi.audit.models import AuditEvent

    unit = create_unit(community(units["street"]), actor=people["admin"])
    assert Unit.objects.get_parent(unit) == units["street"]
    event = AuditEvent.objects.get(action="unit.create")
    assert event.object_id == str(unit.pk) and event.data["parent"] == "donghu"


def test_service_refuses_invalid_data(units, people):
    with pytest.raises(ValidationError) as exc:
        create_unit(community(units["street"], level=""), actor=people["admin"])
    assert "level" in exc.value.message_dict


def test_update_moves_a_unit_to_another_parent(units, people):
    c2 = units["c2"]
    data = UnitData(
        name=c2.name, code=c2.code, kind="territory", level="community",
        division_code="330199002002", parent=units["other_street"],
    )  # fmt: skip
    update_unit(c2, data, actor=people["admin"])
    c2 = Unit.objects.get(pk=c2.pk)
    assert Unit.objects.get_parent(c2) == units["other_street"]
    assert c2.division_code == "330199002002"
    assert Unit.objects.get(pk=units["street"].pk).numchild == 1
    # the tree stays consistent
    assert all(not problems for problems in Unit.objects.find_problems())


def test_changing_the_division_code_keeps_siblings_sorted(units, people):
    c1 = units["c1"]
    data = UnitData(
        name="阿里社区", code=c1.code, kind="territory", level="community",
        division_code="330199001009", parent=units["street"],
    )  # fmt: skip
    update_unit(c1, data, actor=people["admin"])
    assert Unit.objects.get_children(Unit.objects.get(pk=units["street"].pk)).last().pk == c1.pk
    children = list(Unit.objects.get_children(Unit.objects.get(pk=units["street"].pk)))
    assert [c.division_code for c in children] == sorted(c.division_code for c in children)
    assert all(not problems for problems in Unit.objects.find_problems())


def test_deactivation_is_refused_with_reasons(units, people):
    make_user("w", units["c1"])
    reasons = deactivation_blockers(units["street"])
    assert any("2" in r for r in reasons)  # two active sub-units
    with pytest.raises(ValidationError):
        deactivate_unit(units["c1"], actor=people["admin"])  # has active users


def test_deactivate_and_reactivate(units, people):
    unit = deactivate_unit(units["c2"], actor=people["admin"])
    assert not unit.is_active
    unit = reactivate_unit(unit, actor=people["admin"])
    assert unit.is_active


def test_reactivation_needs_an_active_parent(units, people):
    admin = people["admin"]
    street = create_unit(
        UnitData(name="南山街道", code="ns", kind="territory", level="street",
                 division_code="330199003", parent=units["district"]),
        actor=admin,
    )  # fmt: skip
    comm = create_unit(community(street, code="nsc", division_code="330199003001"), actor=admin)
    deactivate_unit(comm, actor=admin)
    deactivate_unit(street, actor=admin)
    with pytest.raises(ValidationError):
        reactivate_unit(comm, actor=admin)
    reactivate_unit(street, actor=admin)
    assert reactivate_unit(comm, actor=admin).is_active
