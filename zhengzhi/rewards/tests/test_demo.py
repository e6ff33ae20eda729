"""The tip rewards' part of seed_demo: one reward per problem, on its first public report."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.rewards.demo import build_demo_rewards
from zhengzhi.rewards.models import TipReward

pytestmark = pytest.mark.django_db


def test_the_demo_rewards_first_reports_once(closed, report_on, staff):
    problems = [closed() for _ in range(3)]
    for p in problems:
        report_on(p)
        report_on(p, submitted_at=p.reported_at + dt.timedelta(hours=1))  # a later one
    out = build_demo_rewards(now=timezone.now() + dt.timedelta(days=10))
    assert out["rewards"] == TipReward.objects.count() == 3
    assert {r.problem_id for r in TipReward.objects.all()} == {p.pk for p in problems}
    assert build_demo_rewards() == {"skipped": True}
    assert TipReward.objects.count() == 3


def test_without_public_reports_there_are_no_rewards(closed, staff):
    closed()
    assert build_demo_rewards()["rewards"] == 0
