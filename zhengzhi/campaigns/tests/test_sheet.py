"""The dispatch sheet: figures per task and unit, standing, late and missing, ledger figures."""

import datetime as dt
from decimal import Decimal as D

from zhengzhi.campaigns.milestones import Standing
from zhengzhi.campaigns.services.reports import submit_report
from zhengzhi.campaigns.sheet import build_sheet
from zhengzhi.campaigns.tests.conftest import at

DAY = dt.date(2026, 5, 20)  # milestone: 10 by this day


def report(campaign, unit, user, day, slot, figure, hhmm):
    a = campaign.task.assignments.get(unit=unit)
    return submit_report(a.pk, actor=user, figure=figure, period=day, slot=slot, now=at(day, hhmm))


def test_sheet_figures(campaign, units, staff):
    c1, c2 = units["c1"], units["c2"]
    h1, h2 = staff["handler"], staff["c2_handler"]
    report(campaign, c1, h1, dt.date(2026, 5, 18), 0, 4, "10:00")
    report(campaign, c1, h1, dt.date(2026, 5, 19), 1, 2, "15:00")
    report(campaign, c1, h1, DAY, 0, 1, "10:59")
    report(campaign, c2, h2, dt.date(2026, 5, 19), 0, 1, "10:00")
    report(campaign, c2, h2, DAY, 0, 2, "11:30")  # late
    sheet = build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "16:30"))
    (task,) = sheet.tasks
    assert (task.today, task.cumulative, task.target) == (D(3), D(10), D(40))
    assert task.percent == D("25.0")
    assert task.standing == Standing.ON_TRACK  # 10 by 20 May: reached
    rows = {r.unit_name: r for r in task.units}
    r1, r2 = rows[c1.name], rows[c2.name]
    assert (r1.today, r1.cumulative, r1.late, r1.missing) == (D(1), D(7), 0, ["16:00"])
    assert (r2.today, r2.cumulative, r2.late, r2.missing) == (D(2), D(3), 1, ["16:00"])
    # Each unit's share of the milestone is 5 by 20 May: c1 is ahead, c2 has missed it.
    assert r1.standing == Standing.AHEAD
    assert r2.standing == Standing.BEHIND
    assert sheet.late_units == [(c2.name, 1)]
    assert dict(sheet.missing_units) == {
        c1.name: [f"{task.title} 16:00"],
        c2.name: [f"{task.title} 16:00"],
    }
    # Before 16:00, the afternoon slot is not missing yet.
    early = build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "15:00"))
    assert all(not r.missing for r in early.tasks[0].units)
    series = sheet.series[task.task_id]
    i = series["dates"].index("2026-05-19")
    assert series["actual"][i] == 7.0 and series["actual"][i + 1] == 10.0
    assert series["line"][series["dates"].index("2026-05-20")] == 10.0


def test_a_unit_sees_its_own_row(campaign, units, staff):
    report(campaign, units["c2"], staff["c2_handler"], DAY, 0, 2, "10:00")
    sheet = build_sheet(campaign, DAY, user=staff["handler"], now=at(DAY, "12:00"))
    (task,) = sheet.tasks
    assert [r.unit_name for r in task.units] == [units["c1"].name]
    assert task.cumulative == 0 and task.target == D(20)
    # The lead department sees every reporting unit of its task.
    lead = build_sheet(campaign, DAY, user=staff["dept_handler"], now=at(DAY, "12:00"))
    assert len(lead.tasks[0].units) == 2 and lead.tasks[0].cumulative == D(2)


def test_sheet_counts_ledger_problems_of_the_campaign(campaign, units, staff, categories):
    from django.utils import timezone

    from zhengzhi.campaigns.models import CampaignProblem
    from zhengzhi.ledger.models import Category, Problem, Source, Status

    cat = Category.objects.get(code="0502")

    def make(number, **kw):
        p = Problem.objects.create(
            number=number,
            source=Source.PATROL,
            category=cat,
            main_category=cat.parent,
            description="河道违建",
            owner_unit=units["c1"],
            **kw,
        )
        return CampaignProblem.objects.create(problem=p, campaign=campaign)

    make("2026-000001", reported_at=at(DAY, "09:00"), status=Status.REPORTED)
    make(
        "2026-000002",
        reported_at=at(dt.date(2026, 5, 10), "09:00"),
        status=Status.CLOSED,
        dispatched_at=at(dt.date(2026, 5, 10), "10:00"),
        closed_at=at(DAY, "14:00"),
    )
    make(
        "2026-000003",
        reported_at=at(dt.date(2026, 5, 10), "09:00"),
        status=Status.ACCEPTED,
        dispatched_at=at(dt.date(2026, 5, 10), "10:00"),
        due_at=at(dt.date(2026, 5, 15), "17:00"),
    )
    Problem.objects.create(
        number="2026-000004",
        source=Source.PATROL,
        category=cat,
        main_category=cat.parent,
        description="别的",
        reported_at=at(DAY, "09:00"),
    )
    sheet = build_sheet(campaign, DAY, user=staff["admin"], now=timezone.now())
    assert sheet.ledger["new"] == 1 and sheet.ledger["closed"] == 1 and sheet.ledger["total"] == 3
    # For a day gone by, overdue as at the end of it.
    assert sheet.ledger["overdue"] == 1


def test_sheet_query_count_does_not_grow_with_units(
    campaign, units, staff, django_assert_max_num_queries
):
    for unit, user in ((units["c1"], staff["handler"]), (units["c2"], staff["c2_handler"])):
        for d in range(4, 20):
            report(campaign, unit, user, dt.date(2026, 5, d), 0, 1, "10:00")
    with django_assert_max_num_queries(10):
        build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "16:30"))


def test_a_task_added_while_the_campaign_runs_is_not_behind_on_its_first_day(
    campaign, units, staff
):
    from zhengzhi.campaigns.models import Task
    from zhengzhi.campaigns.services.tasks import TaskData, create_task

    added = dt.date(2026, 6, 1)  # four weeks after the start, a month before the deadline
    task = create_task(
        campaign.pk,
        TaskData(title="清理河道垃圾", lead_unit=units["c1"], deadline=campaign.ends_on,
                 target=D(60), measure="处"),
        actor=staff["admin"],
    )  # fmt: skip
    Task.objects.filter(pk=task.pk).update(created_at=at(added, "09:00"))
    sheet = build_sheet(campaign, added, user=staff["admin"], now=at(added, "18:00"))
    row = next(t for t in sheet.tasks if t.task_id == task.pk)
    assert row.standing == Standing.ON_TRACK  # its line starts the day it was added
    later = build_sheet(campaign, dt.date(2026, 6, 16), user=staff["admin"],
                        now=at(dt.date(2026, 6, 16), "18:00"))  # fmt: skip
    row = next(t for t in later.tasks if t.task_id == task.pk)
    assert row.standing == Standing.BEHIND  # half-way with nothing done


def test_the_day_a_task_is_added_is_not_counted_against_it(campaign, units, staff):
    from zhengzhi.campaigns.models import Task
    from zhengzhi.campaigns.services.tasks import TaskData, create_task

    added = dt.date(2026, 6, 20)  # ten days before its deadline: a day is a tenth of the target
    task = create_task(
        campaign.pk,
        TaskData(title="拆除广告牌", lead_unit=units["c1"], deadline=campaign.ends_on,
                 target=D(60), measure="块"),
        actor=staff["admin"],
    )  # fmt: skip
    Task.objects.filter(pk=task.pk).update(created_at=at(added, "17:20"))
    evening = build_sheet(campaign, added, user=staff["admin"], now=at(added, "18:00"))
    assert next(t for t in evening.tasks if t.task_id == task.pk).standing == Standing.ON_TRACK
    next_day = dt.date(2026, 6, 21)
    sheet = build_sheet(campaign, next_day, user=staff["admin"], now=at(next_day, "18:00"))
    assert next(t for t in sheet.tasks if t.task_id == task.pk).standing == Standing.BEHIND
