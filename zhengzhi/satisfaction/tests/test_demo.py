"""The follow-up calls' part of seed_demo: calls on closed problems, once."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.audit.services import record
from zhengzhi.satisfaction.demo import build_demo_calls
from zhengzhi.satisfaction.models import FollowUpCall

pytestmark = pytest.mark.django_db


def test_the_demo_calls_closed_problems_back_and_runs_once(closed, report_on, staff):
    for _ in range(8):
        report_on(closed())
    later = timezone.now() + dt.timedelta(days=10)  # the calls come hours after the closing
    out = build_demo_calls(now=later)
    assert out["calls"] == FollowUpCall.objects.count() > 0
    assert all(c.called_at < later for c in FollowUpCall.objects.all())
    assert build_demo_calls(now=later) == {"skipped": True}
    assert FollowUpCall.objects.count() == out["calls"]


def test_a_district_seeded_by_the_older_combined_demo_is_left_alone(closed, staff):
    closed()
    record("demo.feedback", object_type="core.demo", data={})
    assert build_demo_calls(now=timezone.now() + dt.timedelta(days=10)) == {"skipped": True}
    assert not FollowUpCall.objects.exists()
