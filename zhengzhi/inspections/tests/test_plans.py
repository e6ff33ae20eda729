import pytest

from zhengzhi.inspections.models import PlanKind, PlanStatus, Visit
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.tests.helpers import plan
from zhengzhi.sites.tests.helpers_coverage import make_site

pytestmark = pytest.mark.django_db


def test_the_draw_is_redone_from_its_seed(staff, units, checklists):
    for n in range(12):
        make_site(f"店{n}", owner=units["c1"], kind_code="small_restaurant", address=f"路{n}号")
    for n in range(5):
        make_site(f"市场{n}", owner=units["c2"], kind_code="market", address=f"市{n}号")
    p = plan(
        staff["admin"],
        [checklists["small-trade-restaurant"], checklists["market"]],
        units=[units["street"]],
        sample=3,
        team=[staff["inspector"]],
    )
    visits = plans.make_visits(p.pk, actor=staff["admin"])
    p.refresh_from_db()
    assert p.status == PlanStatus.ACTIVE and p.seed is not None
    assert [len(v) for v in p.candidates.values()] == [5, 12]
    assert [len(v) for v in p.drawn.values()] == [3, 3]
    assert plans.redraw(p) == p.drawn  # the audit re-does the draw
    assert {v.site_id for v in visits} == {i for ids in p.drawn.values() for i in ids}
    assert all(v.inspector == staff["inspector"] for v in visits)
    # Another seed draws another sample from the same ordered candidates.
    other = plans.draw(p.candidates, 3, p.seed + 1)
    assert other != p.drawn
    assert plans.draw(p.candidates, 3, p.seed) == p.drawn


def test_every_place_when_no_sample_and_the_scope_holds(staff, units, checklists, sites):
    p = plan(staff["admin"], [checklists["small-trade-restaurant"]], units=[units["street"]])
    visits = plans.make_visits(p.pk, actor=staff["admin"])
    assert {v.site for v in visits} == {sites["restaurant"]}  # not the other street's
    assert visits[0].checklist_version == checklists["small-trade-restaurant"].current
    with pytest.raises(InspectionError):
        plans.make_visits(p.pk, actor=staff["admin"])  # made once


def test_a_unit_plans_only_its_own_self_inspection(staff, units, checklists):
    with pytest.raises(InspectionError):
        plan(staff["c1_leader"], [checklists["market"]], kind=PlanKind.COVERT, units=[units["c1"]])
    p = plan(staff["c1_leader"], [checklists["market"]], kind=PlanKind.SELF, units=[units["c1"]])
    assert p.unit == units["c1"]
    with pytest.raises(InspectionError):
        plan(staff["handler"], [checklists["market"]], kind=PlanKind.SELF)
    assert not Visit.objects.exists()
