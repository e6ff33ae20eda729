"""The quick start's demo: `seed_demo` builds every app's demo data and can run again."""

import io

import pytest
from django.core.management import call_command
from django.db.models import F

from zhengzhi.audit.models import AuditEvent
from zhengzhi.campaigns.models import Campaign, ProgressReport
from zhengzhi.ledger.models import Problem
from zhengzhi.public.models import PublicReport

pytestmark = pytest.mark.django_db


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
    assert counts[0] >= 150 and counts[1] == 2 and counts[2] > 0 and counts[3] > 0
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
