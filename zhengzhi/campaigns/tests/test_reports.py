"""Submitting, lateness, corrections that keep the history, and who may report what."""

import datetime as dt
from decimal import Decimal as D

import pytest

from zhengzhi.audit.models import AuditEvent
from zhengzhi.campaigns.models import ProgressReport
from zhengzhi.campaigns.scope import (
    get_campaign_for_user,
    reportable_assignments,
    visible_campaigns,
    visible_tasks,
)
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.campaigns.services.reports import correct_report, history, submit_report
from zhengzhi.campaigns.tests.conftest import at

DAY = dt.date(2026, 5, 12)


def mine(campaign, unit):
    return campaign.task.assignments.get(unit=unit)


def test_open_slot_and_late_marking(campaign, units, staff):
    a = mine(campaign, units["c1"])
    early = submit_report(a.pk, actor=staff["handler"], figure=3, now=at(DAY, "10:30"))
    assert (early.period, early.slot, early.late) == (DAY, 0, False)
    # At 11:20 the open slot is 16:00: on time for that one.
    second = submit_report(a.pk, actor=staff["handler"], figure=2, now=at(DAY, "11:20"))
    assert (second.slot, second.late) == (1, False)
    # The morning slot of the next day, filed in the afternoon: late.
    a2 = mine(campaign, units["c2"])
    late = submit_report(
        a2.pk, actor=staff["c2_handler"], figure=1, period=DAY, slot=0, now=at(DAY, "11:05")
    )
    assert late.late is True
    assert late.cutoff_at == at(DAY, "11:00")


def test_a_slot_is_reported_once_and_corrections_keep_history(campaign, units, staff):
    a = mine(campaign, units["c1"])
    first = submit_report(
        a.pk, actor=staff["handler"], figure=5, text="拆除5处", now=at(DAY, "10:00")
    )
    with pytest.raises(CampaignError) as exc:
        submit_report(
            a.pk, actor=staff["handler"], figure=6, period=DAY, slot=0, now=at(DAY, "10:10")
        )
    assert exc.value.code == "exists"
    with pytest.raises(CampaignError):
        correct_report(first.pk, actor=staff["handler"], figure=4, reason="", now=at(DAY, "12:00"))
    fixed = correct_report(
        first.pk, actor=staff["handler"], figure=4, reason="重复统计1处", now=at(DAY, "12:00")
    )
    first.refresh_from_db()
    assert first.is_current is False and first.figure == 5
    assert fixed.is_current and fixed.figure == 4 and fixed.replaces_id == first.pk
    assert fixed.late is False  # corrected after the cut-off, but the report was on time
    assert [r.pk for r in history(fixed)] == [fixed.pk, first.pk]
    assert ProgressReport.objects.filter(assignment=a).count() == 2
    with pytest.raises(CampaignError) as exc:
        correct_report(
            first.pk, actor=staff["handler"], figure=3, reason="再改", now=at(DAY, "12:30")
        )
    assert exc.value.code == "stale"
    actions = list(
        AuditEvent.objects.filter(action__startswith="campaign.report")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["campaign.report.submit", "campaign.report.correct"]


def test_bad_input_is_refused_and_nothing_written(campaign, units, staff):
    a = mine(campaign, units["c1"])
    for figure in ("abc", "-1", "1e30", "NaN"):
        with pytest.raises(CampaignError):
            submit_report(a.pk, actor=staff["handler"], figure=figure, now=at(DAY, "10:00"))
    with pytest.raises(CampaignError):  # tomorrow
        submit_report(
            a.pk,
            actor=staff["handler"],
            figure=1,
            period=DAY + dt.timedelta(days=1),
            slot=0,
            now=at(DAY, "10:00"),
        )
    with pytest.raises(CampaignError):  # a slot that does not exist
        submit_report(
            a.pk, actor=staff["handler"], figure=1, period=DAY, slot=5, now=at(DAY, "10:00")
        )
    with pytest.raises(CampaignError):  # before the campaign
        submit_report(
            a.pk,
            actor=staff["handler"],
            figure=1,
            period=dt.date(2026, 5, 1),
            slot=0,
            now=at(DAY, "10:00"),
        )
    assert not ProgressReport.objects.exists()


def test_a_unit_reports_only_its_own_tasks(campaign, units, staff):
    theirs = mine(campaign, units["c2"])
    with pytest.raises(CampaignError) as exc:
        submit_report(theirs.pk, actor=staff["handler"], figure=1, now=at(DAY, "10:00"))
    assert exc.value.code == "not_found"
    with pytest.raises(CampaignError):  # a leader reads only
        submit_report(theirs.pk, actor=staff["leader"], figure=1, now=at(DAY, "10:00"))
    assert set(reportable_assignments(staff["handler"]).values_list("unit", flat=True)) == {
        units["c1"].pk
    }
    # The street leader reports for the communities below it; the office for anyone.
    assert set(reportable_assignments(staff["street_leader"]).values_list("unit", flat=True)) == {
        units["c1"].pk,
        units["c2"].pk,
    }
    assert reportable_assignments(staff["admin"]).count() == 2


def test_who_sees_the_campaign(campaign, units, staff):
    assert visible_campaigns(staff["handler"]).count() == 1
    assert visible_campaigns(staff["dept_handler"]).count() == 1  # the lead unit
    assert visible_campaigns(staff["other_handler"]).count() == 0
    assert visible_tasks(staff["other_handler"]).count() == 0
    from django.http import Http404

    with pytest.raises(Http404):
        get_campaign_for_user(staff["other_handler"], campaign.pk)


def test_no_reports_outside_an_active_campaign(campaign, units, staff):
    from zhengzhi.campaigns.models import CampaignStatus
    from zhengzhi.campaigns.services.campaigns import set_status

    set_status(campaign.pk, CampaignStatus.CLOSED, actor=staff["admin"])
    with pytest.raises(CampaignError) as exc:
        submit_report(
            mine(campaign, units["c1"]).pk,
            actor=staff["handler"],
            figure=D(1),
            now=at(DAY, "10:00"),
        )
    assert exc.value.code == "not_allowed"


def test_a_unit_reports_early_for_the_next_open_slot(campaign, units, staff):
    """After the day's last cut-off (16:00) the next open slot is tomorrow's 11:00: a unit may
    report for it now, on time; not for tomorrow's 16:00, nor the day after."""
    a = mine(campaign, units["c1"])
    tomorrow = DAY + dt.timedelta(days=1)
    early = submit_report(
        a.pk, actor=staff["handler"], figure=2, period=tomorrow, slot=0, now=at(DAY, "17:30")
    )
    assert (early.period, early.slot, early.late) == (tomorrow, 0, False)
    # Reported without naming the slot, it goes to the open one too.
    by_default = submit_report(
        mine(campaign, units["c2"]).pk, actor=staff["c2_handler"], figure=1, now=at(DAY, "17:40")
    )
    assert (by_default.period, by_default.slot, by_default.late) == (tomorrow, 0, False)
    for period, slot in ((tomorrow, 1), (tomorrow + dt.timedelta(days=1), 0)):
        with pytest.raises(CampaignError):
            submit_report(
                a.pk,
                actor=staff["handler"],
                figure=1,
                period=period,
                slot=slot,
                now=at(DAY, "17:30"),
            )
