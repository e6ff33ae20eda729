"""The sample per kind of place, the technical assessment's preset, and visits to places the
registry does not hold, added by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengzhi.inspections.models import Plan, PlanKind, Visit
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.sample import LARGE, MEDIUM, SEGMENTS, SMALL, draw, preset
from zhengzhi.sites.tests.helpers_coverage import make_site
from zhengzhi.territory.models import Segment

pytestmark = pytest.mark.django_db


def _plan(actor, checklists, *, units=(), sample=None, sizes=None, preset_="", segments=()):
    return plans.create_plan(
        plans.PlanInput(
            name="技术评估模拟",
            kind=PlanKind.MOCK,
            starts_on=dt.date(2026, 6, 1),
            ends_on=dt.date(2026, 6, 30),
            checklist_ids=[c.pk for c in checklists],
            unit_ids=[u.pk for u in units],
            grid_ids=[],
            site_kind_ids=[],
            segment_ids=[s.pk for s in segments],
            team_ids=[],
            windows=["day"],
            sample_size=sample,
            sample_sizes=sizes,
            sample_preset=preset_,
        ),
        actor=actor,
    )


def _segments(unit, n):
    return [
        Segment.objects.create(
            code=f"{unit.code}-seg{i}",
            name=f"{unit.name}路{i}",
            unit=unit,
            community=unit,
            geometry={"type": "LineString", "coordinates": []},
            min_lon=120.0,
            min_lat=30.0,
            max_lon=120.01,
            max_lat=30.01,
        )  # fmt: skip
        for i in range(n)
    ]


def test_the_preset_holds_the_assessment_table_by_city_size():
    # Hand-added from the table's rows: 爱卫组织管理 6/9/12, 健康教育 11/12/13, 主次干道 8/12/15.
    assert preset(SMALL).sizes == {"school": 1, SEGMENTS: 8}
    assert preset(MEDIUM).sizes == {"school": 1, SEGMENTS: 12}
    assert preset(LARGE).sizes == {"school": 1, SEGMENTS: 15}
    assert [preset(s).read for s in (SMALL, MEDIUM, LARGE)] == [25, 33, 40]
    assert [preset(s).total for s in (SMALL, MEDIUM, LARGE)] == [161, 215, 267]
    by_hand = {(section, label): n for section, label, n in preset(LARGE).by_hand}
    assert by_hand[("爱国卫生组织管理", "社区居委会")] == 4
    assert by_hand[("健康教育和健康促进", "新闻媒体")] == 2
    assert ("健康教育和健康促进", "学校") not in by_hand  # schools are drawn from the registry


def test_a_kind_takes_its_own_size_and_the_draw_is_redone(staff, units, checklists):
    for n in range(12):
        make_site(f"店{n}", owner=units["c1"], kind_code="small_restaurant", address=f"路{n}号")
    for n in range(5):
        make_site(f"市场{n}", owner=units["c2"], kind_code="market", address=f"市{n}号")
    segments = _segments(units["c1"], 20)
    street = checklists["street"]
    p = _plan(
        staff["admin"],
        [checklists["small-trade-restaurant"], checklists["market"], street],
        units=[units["street"]],
        sample=3,
        sizes={"market": 2, SEGMENTS: 6},
    )
    visits = plans.make_visits(p.pk, actor=staff["admin"])
    p.refresh_from_db()
    assert {k: len(v) for k, v in p.candidates.items()} == {
        SEGMENTS: 20, "market": 5, "small_restaurant": 12,
    }  # fmt: skip
    assert {k: len(v) for k, v in p.drawn.items()} == {
        SEGMENTS: 6, "market": 2, "small_restaurant": 3,
    }  # fmt: skip
    assert plans.redraw(p) == p.drawn
    assert draw(p.candidates, 3, p.seed, {"market": 2}) != p.drawn  # sizes are part of the draw
    by_segment = [v.segment_id for v in visits if v.segment_id]
    assert sorted(by_segment) == p.drawn[SEGMENTS]
    assert set(by_segment) <= {s.pk for s in segments}
    assert all(v.checklist_version == street.current for v in visits if v.segment_id)


def test_named_stretches_are_all_visited_unless_numbered(staff, units, checklists):
    named = _segments(units["c1"], 4)
    p = _plan(staff["admin"], [checklists["street"]], sample=1, segments=named)
    visits = plans.make_visits(p.pk, actor=staff["admin"])
    assert sorted(v.segment_id for v in visits) == [s.pk for s in named]


def test_the_preset_fills_what_the_office_did_not_set(staff, units, checklists):
    p = _plan(
        staff["admin"], [checklists["school-surroundings"]], preset_=MEDIUM, sizes={"school": 3}
    )
    assert p.sample_sizes == {SEGMENTS: 12, "school": 3} and p.sample_preset == MEDIUM
    for bad in ({"school": 0}, {"no_such_kind": 2}, {"school": True}):
        with pytest.raises(InspectionError):
            _plan(staff["admin"], [checklists["school-surroundings"]], sizes=bad)
    with pytest.raises(InspectionError):
        _plan(staff["admin"], [checklists["school-surroundings"]], preset_="huge")
    assert Plan.objects.count() == 1


def test_the_plan_form_takes_the_preset_and_each_kinds_size(staff, units, checklists, as_user):
    client = as_user(staff["admin"])
    form = {
        "name": "技术评估模拟",
        "kind": "mock",
        "checklists": [checklists["school-surroundings"].pk, checklists["street"].pk],
        "starts_on": "2026-06-01",
        "ends_on": "2026-06-30",
        "sample_preset": LARGE,
        "size_market": "4",
    }
    r = client.post("/inspections/plans/new/", {**form, "size_school": "0"})
    assert r.status_code == 200  # a size of nothing is refused, and what was typed is kept
    assert r.context["form"]["size_market"].value() == "4"
    assert not Plan.objects.exists()
    r = client.post("/inspections/plans/new/", form)
    assert r.status_code == 302
    p = Plan.objects.get()
    assert p.sample_sizes == {SEGMENTS: 15, "market": 4, "school": 1}
    page = client.get(f"/inspections/plans/{p.pk}/").content.decode()
    assert "Technical assessment, city over 2 million" in page
    assert 'id="assessment-owed"' in page and "新闻媒体" in page
    api = client.get(f"/api/v1/inspections/plans/{p.pk}").json()
    assert api["sample_sizes"] == p.sample_sizes and api["sample_preset"] == LARGE


def test_a_visit_is_added_by_hand_and_counted_against_the_preset(staff, units, checklists, as_user):
    p = _plan(staff["admin"], [checklists["covert-county"]], units=[units["street"]], preset_=SMALL)
    client = as_user(staff["admin"])
    url = f"/inspections/plans/{p.pk}/add-visit/"
    form = {
        "checklist": checklists["covert-county"].pk,
        "place_label": "医院",
        "address": "青川区人民医院",
        "unit": units["c1"].pk,
        "due_on": "2026-07-02",  # after the plan's end
    }
    r = client.post(url, form)
    assert r.status_code == 200 and not Visit.objects.exists()
    assert "outside the plan" in r.content.decode()
    assert r.context["form"]["address"].value() == "青川区人民医院"
    r = client.post(url, {**form, "due_on": "2026-06-10"})
    assert r.status_code == 302
    visit = Visit.objects.get()
    assert (visit.place_label, visit.unit, visit.plan) == ("医院", units["c1"], p)
    owed = dict(
        (label, (n, got))
        for label, n, got in client.get(f"/inspections/plans/{p.pk}/").context["owed"]
    )
    assert owed["医院"] == (1, 1) and owed["社区居委会"] == (3, 0)
    # Whoever may not change the plan gets "not found", even when the plan is visible to them.
    for user in (staff["c1_leader"], staff["other_handler"], staff["handler"]):
        assert as_user(user).get(url).status_code == 404
        assert as_user(user).post(url, {**form, "due_on": "2026-06-11"}).status_code == 404
    assert Visit.objects.count() == 1
