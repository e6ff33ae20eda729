"""How the pages name slots and show figures: by cut-off time, week or month, never "#2"; whole
numbers without ".00"; a day outside the campaign says what its figures mean."""

import datetime as dt
from decimal import Decimal as D

from django.urls import reverse
from django.utils import timezone, translation

from zhengzhi.campaigns.models import Task
from zhengzhi.campaigns.rules import slot_label
from zhengzhi.campaigns.services.reports import submit_report
from zhengzhi.campaigns.sheet import build_sheet
from zhengzhi.campaigns.tests.conftest import START, at
from zhengzhi.campaigns.tests.test_pages_exports import login

DAY = dt.date(2026, 5, 12)


def afternoon_report(campaign, units, staff, figure=7):
    a = campaign.task.assignments.get(unit=units["c1"])
    return submit_report(
        a.pk, actor=staff["handler"], figure=figure, period=DAY, slot=1, now=at(DAY, "15:00")
    )


@translation.override("en")
def test_slot_labels():
    assert slot_label("daily", DAY, at(DAY, "16:00")) == "05-12 16:00"
    assert slot_label("daily", DAY, at(DAY, "16:00"), year=True) == "2026-05-12 16:00"
    assert (
        slot_label("daily", DAY, at(DAY + dt.timedelta(days=1), "01:00")) == "05-12 next day 01:00"
    )
    monday = dt.date(2026, 5, 11)
    assert slot_label("weekly", monday, at(dt.date(2026, 5, 15), "16:00")) == "05-11～05-17"
    assert (
        slot_label("monthly", dt.date(2026, 5, 1), at(dt.date(2026, 5, 25), "16:00")) == "2026-05"
    )


def test_report_pages_name_the_slot_by_its_cut_off(client, campaign, units, staff):
    report = afternoon_report(campaign, units, staff)
    login(client, staff["handler"])
    form = client.get(reverse("campaigns:report_form", args=[report.assignment_id])).content
    assert "05-12 16:00" in form.decode() and "#2" not in form.decode()
    page = client.get(reverse("campaigns:report_correct", args=[report.pk])).content.decode()
    assert "2026-05-12 16:00" in page and "#2" not in page
    # The figure to correct as it was typed, not "7.00".
    assert 'value="7"' in page and "7.00" not in page
    task = client.get(reverse("campaigns:task", args=[campaign.pk, campaign.task.pk]))
    assert "05-12 16:00" in task.content.decode() and "#2" not in task.content.decode()


def test_task_page_budget_without_trailing_zeros(client, campaign, staff):
    Task.objects.filter(pk=campaign.task.pk).update(
        is_key_project=True, budget_spent=D("35.50"), budget_planned=D("50.00")
    )
    login(client, staff["admin"])
    page = client.get(reverse("campaigns:task", args=[campaign.pk, campaign.task.pk]))
    assert "35.5 / 50" in page.content.decode() and "50.00" not in page.content.decode()


def test_the_milestone_line_is_whole_for_a_whole_target(campaign, staff):
    # 0 on 3 May to 10 on 20 May: 5.29 on the 12th, shown 5 (each community's half: 3).
    sheet = build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "18:00"))
    (task,) = sheet.tasks
    assert task.expected == D(5) and {u.expected for u in task.units} == {D(3)}


def test_a_day_outside_the_campaign_says_what_its_figures_mean(client, campaign, staff):
    login(client, staff["admin"])
    url = reverse("campaigns:sheet", args=[campaign.pk])
    before = client.get(url + "?day=2025-01-01").content.decode()
    assert 'id="period-note"' in before and "before the campaign starts" in before
    assert "On the day" in before  # not "Today": the day's figure
    inside = client.get(url + f"?day={START}").content.decode()
    assert 'id="period-note"' not in inside
    # Today (after the campaign's end in these tests): "Today", and the note says it ended.
    today = client.get(url).content.decode()
    assert "<th>Today</th>" in today and "after the campaign ended" in today
    sheet = build_sheet(campaign, timezone.localdate(), user=staff["admin"])
    assert sheet.is_today and sheet.after_end
