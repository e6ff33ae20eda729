"""Every shipped template loads, lays out over a period and becomes a campaign."""

import datetime as dt
import json
from decimal import Decimal as D

import pytest

from zhengzhi.campaigns.models import Campaign, Milestone, Task
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.campaigns.services.plans import (
    create_from_plan,
    draw_plan,
    split_phases,
    split_target,
)
from zhengzhi.campaigns.services.templates import (
    check_template,
    export_campaign,
    save_template,
    shipped,
)
from zhengzhi.ledger.models import Category

KINDS = {
    "tobacco_market",
    "town_gas",
    "sanitary_city",
    "urban_assault",
    "rural_environment",
    "river_structures",
    "food_workshops",
    # From the seeds' other plans: school safety and abandoned farmland (001), the hundred-day
    # work safety supervision (000), the market bureau's sanitary city plan (003) and Pinghu's
    # ten special actions (004).
    "school_safety",
    "abandoned_farmland",
    "work_safety_supervision",
    "market_sanitary_city",
    "pinghu_ten_actions",
}


def test_the_twelve_templates_ship_and_use_real_ledger_categories(categories):
    templates = shipped()
    assert set(templates) == KINDS
    codes = set(Category.objects.values_list("code", flat=True))
    for data in templates.values():
        assert set(data["categories"]) <= codes, data["key"]
        assert all(t.get("figure") and t.get("measure") for t in data["tasks"]), data["key"]
    assert len(templates["urban_assault"]["tasks"]) == 10  # the ten special actions
    assert len(templates["pinghu_ten_actions"]["tasks"]) == 10  # 十大环境卫生专项整治行动
    # As the seeds give them: 撂荒地 concentrated from 11 April to 31 May (51 days), the
    # hundred-day supervision 100 days, the schools' quarterly summary, ten-day reports.
    farmland = templates["abandoned_farmland"]
    assert [p["name"] for p in farmland["phases"]] == ["排查摸底", "集中整治", "巩固提高"]
    assert farmland["phases"][1]["weight"] == 51
    assert templates["work_safety_supervision"]["default_days"] == 100
    frequencies = {t["report"]["frequency"] for d in templates.values() for t in d["tasks"]}
    assert {"tenday", "quarterly"} <= frequencies
    for data in templates.values():
        check_template(data)
        assert sum(p["weight"] for p in data["phases"]) == data["default_days"], data["key"]


def test_phases_split_the_period_by_weight():
    phases = [
        {"name": "动员部署", "weight": 6},
        {"name": "集中整治", "weight": 92},
        {"name": "建章立制", "weight": 5},
    ]
    out = split_phases(phases, dt.date(2021, 3, 5), dt.date(2021, 6, 15))
    assert out[0].starts_on == dt.date(2021, 3, 5) and out[-1].ends_on == dt.date(2021, 6, 15)
    for before, after in zip(out, out[1:], strict=False):
        assert after.starts_on == before.ends_on + dt.timedelta(days=1)
    # A period shorter than the phases still gives each a day where it can.
    short = split_phases(phases, dt.date(2021, 3, 5), dt.date(2021, 3, 7))
    assert [p.starts_on.day for p in short] == [5, 6, 7]


def test_split_target():
    assert split_target(D(45), 2) == [D(23), D(22)]
    assert split_target(D("2.5"), 2) == [D("1.25"), D("1.25")]
    assert sum(split_target(D(100), 7)) == 100


@pytest.mark.parametrize("key", sorted(KINDS))
def test_every_template_becomes_a_campaign(key, units, staff, categories):
    plan = draw_plan(
        shipped()[key],
        name="试点",
        starts_on=dt.date(2026, 5, 4),
        ends_on=dt.date(2026, 8, 31),
        scope_unit=units["district"],
        office_unit=units["office"],
    )
    for tp in plan.tasks:
        tp.lead_unit = tp.lead_unit or units["dept"]
        tp.target = D(12)
    campaign = create_from_plan(plan, actor=staff["admin"])
    assert campaign.phases.count() == len(shipped()[key]["phases"])
    assert campaign.tasks.count() == len(shipped()[key]["tasks"])
    for task in campaign.tasks.all():
        assert sum(a.target for a in task.assignments.all()) == D(12)
        assert campaign.starts_on <= task.deadline <= campaign.ends_on
    assert campaign.categories.count() == len(shipped()[key]["categories"])


def test_river_template_suggests_units_and_milestones(units, staff, categories):
    plan = draw_plan(
        shipped()["river_structures"],
        name="河道违建拆除",
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 6, 30),
        scope_unit=units["district"],
        office_unit=units["office"],
    )
    demolish = plan.tasks[1]
    assert demolish.reporters == [units["street"], units["other_street"]]  # the riverside towns
    demolish.lead_unit = units["dept"]
    demolish.target = D(45)
    for tp in plan.tasks:
        tp.include = tp is demolish
    campaign = create_from_plan(plan, actor=staff["admin"])
    task = Task.objects.get(campaign=campaign)
    assert task.cutoffs == ["11:00", "16:00"] and task.is_key_project
    values = list(Milestone.objects.filter(task=task).values_list("value", flat=True))
    assert values == [D(14), D(32)]  # 30 % and 70 % of 45, on whole structures
    assert sorted(task.assignments.values_list("target", flat=True)) == [D(22), D(23)]


def test_a_lead_unit_must_be_chosen(units, staff, categories):
    plan = draw_plan(
        shipped()["food_workshops"],
        name="x",
        starts_on=dt.date(2026, 5, 8),
        ends_on=dt.date(2026, 7, 31),
        scope_unit=units["district"],
        office_unit=units["office"],
    )
    plan.tasks[0].lead_unit = None
    with pytest.raises(CampaignError):
        create_from_plan(plan, actor=staff["admin"])
    assert not Campaign.objects.exists()


def test_export_and_reimport_as_an_office_template(campaign, staff, categories):
    data = export_campaign(campaign)
    assert data["tasks"][0]["report"]["cutoffs"] == ["11:00", "16:00"]
    assert data["tasks"][0]["milestones"] == [[0.281, 0.25], [0.649, 0.75]]
    data["key"] = "my-river"
    row = save_template(json.loads(json.dumps(data)), actor=staff["admin"])
    assert row.key == "my-river"
    with pytest.raises(CampaignError):
        save_template({**data, "key": "river_structures"}, actor=staff["admin"])
    with pytest.raises(CampaignError):
        save_template({**data, "key": "x2"}, actor=staff["handler"])


@pytest.mark.parametrize(
    "broken",
    [
        {"phases": []},
        {"tasks": [{"title": "a", "phase": 9, "lead": {"kind": "department", "hint": "x"}}]},
        {"tasks": [{"title": "a", "lead": {"kind": "territory", "level": "moon"}}]},
        {
            "tasks": [
                {
                    "title": "a",
                    "lead": {"kind": "department", "hint": "x"},
                    "report": {"frequency": "daily", "cutoffs": ["25:00"]},
                }
            ]
        },
        {
            "tasks": [
                {
                    "title": "a",
                    "lead": {"kind": "department", "hint": "x"},
                    "milestones": [[0.5, 0.6], [0.7, 0.2]],
                }
            ]
        },
    ],
)
def test_a_bad_template_names_its_fault(broken):
    base = {
        "key": "k",
        "name": "n",
        "phases": [{"name": "p"}],
        "tasks": [{"title": "t", "lead": {"kind": "department", "hint": "x"}}],
    }
    with pytest.raises(CampaignError) as exc:
        check_template({**base, **broken})
    assert ":" in exc.value.message
