"""Reminders before a cut-off and missing lists after it, each once per slot."""

import datetime as dt

from zhengzhi.campaigns.models import AlertKind, SlotAlert
from zhengzhi.campaigns.services import alerts
from zhengzhi.campaigns.services.reports import submit_report
from zhengzhi.campaigns.tests.conftest import at
from zhengzhi.notifications.models import Notification

DAY = dt.date(2026, 5, 12)


def test_remind_then_list_missing_once_per_slot(campaign, units, staff):
    a1 = campaign.task.assignments.get(unit=units["c1"])
    submit_report(a1.pk, actor=staff["handler"], figure=2, now=at(DAY, "10:05"))
    out = alerts.run(at(DAY, "10:10"))
    # c1 has reported for 11:00, c2 has not: only c2 is reminded.
    assert out["reminded_units"] == 1
    reminded = Notification.objects.filter(kind="campaign.remind")
    assert set(reminded.values_list("recipient__username", flat=True)) == {"c2_handler"}
    assert alerts.run(at(DAY, "10:20"))["reminded_units"] == 0  # once per slot
    assert reminded.count() == 1

    out = alerts.run(at(DAY, "11:05"))
    assert out["missing_units"] == 1
    alert = SlotAlert.objects.get(kind=AlertKind.MISSING, cutoff_at=at(DAY, "11:00"))
    assert alert.units == [units["c2"].pk]
    office = Notification.objects.filter(kind="campaign.missing")
    assert set(office.values_list("recipient__username", flat=True)) == {
        "admin",
        "dispatcher",
        "officelead",
    }
    assert units["c2"].name in office.first().body
    assert alerts.run(at(DAY, "11:10"))["missing_units"] == 0
    assert office.count() == 3  # one each, not again


def test_no_alerts_on_a_rest_day_for_workdays_only(campaign, units, staff):
    task = campaign.task
    task.workdays_only = True
    task.save()
    sunday = dt.date(2026, 5, 17)
    assert alerts.run(at(sunday, "10:10")) == {"reminded_units": 0, "missing_units": 0}
    assert not SlotAlert.objects.exists()


def test_the_periodic_job_runs(campaign, settings):
    from zhengzhi.campaigns.tasks import schedule_report_watch
    from zhengzhi.jobs.models import Job

    schedule_report_watch.call_local()
    assert Job.objects.filter(name="campaigns.alerts").count() == 1
