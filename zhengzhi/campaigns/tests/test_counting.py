"""Slots count only while the campaign is under way, and only for cut-offs after the task was
created and the campaign started: nothing is missing, late, offered or alerted before that."""

import datetime as dt
from decimal import Decimal as D

from django.utils import timezone

from zhengzhi.campaigns.models import Campaign, CampaignStatus, Task
from zhengzhi.campaigns.rules import counting_from
from zhengzhi.campaigns.services import alerts
from zhengzhi.campaigns.services import campaigns as campaign_services
from zhengzhi.campaigns.services.reports import submit_report
from zhengzhi.campaigns.services.tasks import TaskData, create_task
from zhengzhi.campaigns.sheet import build_sheet
from zhengzhi.campaigns.tests.conftest import START, at
from zhengzhi.campaigns.views.report import _slot_choices
from zhengzhi.workcal.calendar import WorkCalendar

DAY = dt.date(2026, 5, 12)


def add_task(campaign, units, staff, created: str) -> Task:
    """A second task, both communities reporting at 11:00 and 16:00, created at DAY `created`."""
    task = create_task(
        campaign.pk,
        TaskData(
            title="清理河道垃圾",
            lead_unit=units["dept"],
            deadline=campaign.ends_on,
            target=D(10),
            assignments=[(units["c1"], D(5)), (units["c2"], D(5))],
        ),
        actor=staff["admin"],
    )
    Task.objects.filter(pk=task.pk).update(created_at=at(DAY, created))
    task.refresh_from_db()
    return task


def row(sheet, task):
    return next(t for t in sheet.tasks if t.task_id == task.pk)


def test_a_campaign_in_preparation_owes_no_reports(campaign, staff):
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.DRAFT)
    campaign.refresh_from_db()
    assert counting_from(campaign.task, campaign) is None
    sheet = build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "18:00"))
    assert sheet.missing_units == [] and sheet.late_units == []
    assert all(not u.missing and u.due == 0 for u in sheet.tasks[0].units)
    # Nor is anyone behind a plan not begun.
    assert sheet.behind == [] and sheet.standings == {"not_started": 1}
    assert {u.standing for u in sheet.tasks[0].units} == {"not_started"}


def test_a_closed_campaign_lists_no_missing_reports(campaign, staff):
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)
    campaign.refresh_from_db()
    assert build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "18:00")).missing_units == []


def test_a_task_added_after_the_cut_offs_is_not_missing_them(campaign, units, staff):
    task = add_task(campaign, units, staff, "17:20")
    sheet = build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "18:00"))
    assert all(not u.missing and u.due == 0 for u in row(sheet, task).units)
    # Nor behind that evening: its line expects progress from the next day on.
    assert row(sheet, task).standing == "on_track"
    assert {u.standing for u in row(sheet, task).units} == {"on_track"}
    # The task that existed before still misses both.
    assert all(u.missing == ["11:00", "16:00"] for u in row(sheet, campaign.task).units)
    assert all(task.title not in " ".join(items) for _unit, items in sheet.missing_units)
    # The next day counts in full.
    nxt = DAY + dt.timedelta(days=1)
    later = build_sheet(campaign, nxt, user=staff["admin"], now=at(nxt, "18:00"))
    assert all(u.missing == ["11:00", "16:00"] for u in row(later, task).units)


def test_a_task_added_between_cut_offs_owes_the_later_one(campaign, units, staff):
    task = add_task(campaign, units, staff, "12:30")
    sheet = build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "18:00"))
    assert all(u.missing == ["16:00"] for u in row(sheet, task).units)


def test_slots_count_from_the_moment_the_campaign_started(campaign, staff):
    Campaign.objects.filter(pk=campaign.pk).update(started_at=at(DAY, "11:30"))
    campaign.refresh_from_db()
    sheet = build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "18:00"))
    assert all(u.missing == ["16:00"] for u in sheet.tasks[0].units)
    # Started before this was kept (no moment stored): from its start date.
    Campaign.objects.filter(pk=campaign.pk).update(started_at=None)
    Task.objects.filter(pk=campaign.task.pk).update(created_at=at(START, "00:00"))
    campaign.refresh_from_db()
    task = Task.objects.get(pk=campaign.task.pk)
    assert counting_from(task, campaign) == at(START, "00:00")


def test_the_form_offers_only_slots_that_count(campaign, units, staff):
    task = add_task(campaign, units, staff, "17:20")
    a = task.assignments.select_related("task__campaign").get(unit=units["c1"])
    cal = WorkCalendar.load()
    # In the evening: tomorrow's 11:00 only (reported early), not the day's slots from before
    # the task existed (never due).
    nxt = DAY + dt.timedelta(days=1)
    evening = [value for value, _label in _slot_choices(a, at(DAY, "18:00"), cal, set())]
    assert evening == [f"{nxt.isoformat()}|0"]
    # The next morning: the open 11:00 slot only, not yesterday's (it was never due).
    choices = _slot_choices(a, at(nxt, "09:00"), cal, set())
    assert [value for value, _label in choices] == [f"{nxt.isoformat()}|0"]
    # The old task's missed slots are still offered (filed late).
    old = campaign.task.assignments.select_related("task__campaign").get(unit=units["c1"])
    offered = [value for value, _label in _slot_choices(old, at(DAY, "18:00"), cal, set())]
    assert f"{DAY.isoformat()}|0" in offered and f"{DAY.isoformat()}|1" in offered


def test_a_report_for_a_slot_never_due_is_taken_and_not_late(campaign, units, staff):
    task = add_task(campaign, units, staff, "17:20")
    a = task.assignments.get(unit=units["c1"])
    r = submit_report(
        a.pk, actor=staff["handler"], figure=2, period=DAY, slot=0, now=at(DAY, "17:30")
    )
    assert r.late is False
    # A slot that counted and was missed is late when filed.
    old = campaign.task.assignments.get(unit=units["c1"])
    late = submit_report(
        old.pk, actor=staff["handler"], figure=1, period=DAY, slot=0, now=at(DAY, "17:30")
    )
    assert late.late is True
    sheet = build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "18:00"))
    assert row(sheet, task).units[0].cumulative == 2 and row(sheet, task).units[0].late == 0
    assert sheet.late_units == [(units["c1"].name, 1)]


def test_the_worker_does_not_list_slots_before_the_task(campaign, units, staff):
    task = add_task(campaign, units, staff, "11:30")
    for unit, user in ((units["c1"], staff["handler"]), (units["c2"], staff["c2_handler"])):
        a = campaign.task.assignments.get(unit=unit)
        submit_report(a.pk, actor=user, figure=1, now=at(DAY, "10:00"))
    assert task.assignments.count() == 2
    assert alerts.run(at(DAY, "11:40"))["missing_units"] == 0


def test_set_status_stores_when_the_campaign_started(units, staff):
    from zhengzhi.campaigns.services.campaigns import CampaignData

    admin = staff["admin"]
    c = campaign_services.create_campaign(
        CampaignData(
            name="新行动",
            kind="other",
            scope_unit=units["street"],
            office_unit=units["office"],
            starts_on=START,
            ends_on=START + dt.timedelta(days=30),
        ),
        actor=admin,
    )
    create_task(
        c.pk,
        TaskData(title="任务", lead_unit=units["dept"], deadline=START, target=D(1)),
        actor=admin,
    )
    assert c.started_at is None and c.status == CampaignStatus.DRAFT
    t0 = timezone.now()
    campaign_services.set_status(c.pk, CampaignStatus.ACTIVE, actor=admin)
    c.refresh_from_db()
    assert c.started_at is not None and c.started_at >= t0
    first = c.started_at
    # Closed and reopened: it keeps the moment it first started.
    campaign_services.set_status(c.pk, CampaignStatus.CLOSED, actor=admin)
    campaign_services.set_status(c.pk, CampaignStatus.ACTIVE, actor=admin)
    c.refresh_from_db()
    assert c.started_at == first
