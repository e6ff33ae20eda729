"""The quick start's demo: `seed_demo` builds every app's demo data, whole on any day, and can
run again."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import F

from zhengzhi.audit.models import AuditEvent
from zhengzhi.campaigns.models import Campaign, ProgressReport
from zhengzhi.inspections.models import Answer, Visit
from zhengzhi.ledger.models import EventKind, Pending, Problem, ProblemEvent, Status
from zhengzhi.public.models import PublicReport
from zhengzhi.rewards.models import TipReward
from zhengzhi.satisfaction.models import FollowUpCall
from zhengzhi.standards.models import CampaignStandard, IndicatorValue
from zhengzhi.surveys.models import Response

pytestmark = pytest.mark.django_db

# The demo is built back from "now": the instants where the calendar has broken it or could.
INSTANTS = {
    "weekday-morning": "2026-12-08T10:00",
    "sunday-afternoon": "2026-12-06T16:20",  # no deadline within a day: one showcase was lost
    "day-after-a-holiday": "2026-10-08T09:00",  # National Day's week off ends on the 7th
    "new-years-eve": "2026-12-31T23:30",
    "year-without-the-official-calendar": "2031-06-16T10:00",  # chinese-calendar stops earlier
}


def test_the_demo_builds_every_app_and_runs_again(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    call_command("seed_demo", problems=150, stdout=out)
    assert "Demo district ready" in out.getvalue()
    counts = (
        Problem.objects.count(),
        Campaign.objects.count(),
        ProgressReport.objects.count(),
        PublicReport.objects.count(),
    )
    # Two campaigns with reports, and the sanitary-city campaign of the standards' demo.
    assert counts[0] >= 150 and counts[1] == 3 and counts[2] > 0 and counts[3] > 0
    assert AuditEvent.objects.filter(action="demo.seed").exists()
    # Units report their own figures: the office only for a unit with no one to report.
    by_own_unit = ProgressReport.objects.filter(submitted_by__unit_id=F("unit_id")).count()
    assert by_own_unit > counts[2] * 0.8
    # A campaign's problems lie within its territory (its indicators list no unit outside it).
    for campaign in Campaign.objects.select_related("scope_unit"):
        path = campaign.scope_unit.path
        mine = Problem.objects.filter(campaign_link__campaign=campaign).select_related(
            "community", "street"
        )
        assert mine.exists()
        for p in mine:
            assert (p.community and p.community.path.startswith(path)) or (
                p.street and p.street.path.startswith(path)
            ), (campaign.name, p.number)
    call_command("seed_demo", problems=150, stdout=io.StringIO())
    again = (
        Problem.objects.count(),
        Campaign.objects.count(),
        ProgressReport.objects.count(),
        PublicReport.objects.count(),
    )
    assert again == counts


@pytest.mark.parametrize("instant", list(INSTANTS.values()), ids=list(INSTANTS))
def test_the_demo_is_whole_on_any_day(instant):
    start = dt.datetime.fromisoformat(instant).replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(start, tick=True):
        call_command("seed_demo", problems=200, stdout=io.StringIO())
    # The size asked (the inspections' demo adds the problems its visits found), every state,
    # every pending request and every kind of move or alert.
    found = Answer.objects.filter(problem__isnull=False).values("problem_id")
    assert Problem.objects.exclude(pk__in=found).count() == 200
    assert Visit.objects.filter(status="submitted").exists()
    assert set(Problem.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Problem.objects.values_list("pending", flat=True)) == set(Pending.values)
    assert set(ProblemEvent.objects.values_list("kind", flat=True)) == set(EventKind.values)
    # Every app's demo.
    assert Campaign.objects.count() == 3 and ProgressReport.objects.exists()
    assert CampaignStandard.objects.exists() and IndicatorValue.objects.exists()
    assert PublicReport.objects.exists() and TipReward.objects.exists()
    assert FollowUpCall.objects.exists() and Response.objects.exists()
