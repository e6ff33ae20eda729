"""Demo tip rewards (seed_demo, after the public reports' demo, whose reports they reward):
eleven rewards at every stage, one per problem on its first report. Safe to run again: does
nothing once its mark (or the older combined mark of the feedback demo) is there.

Called once from seed_demo: `build_demo_rewards()`. Without public reports (the public demo not
loaded) or without the demo's office users there are no rewards.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhengzhi.accounts.models import User
from zhengzhi.audit.models import AuditEvent
from zhengzhi.audit.services import record
from zhengzhi.ledger.models import Status
from zhengzhi.public.models import PublicReport
from zhengzhi.rewards.models import RewardStatus, TipReward

MARK = "demo.rewards"
# Written by the combined demo (calls, rewards and survey) before each app built its own part.
OLD_MARK = "demo.feedback"


def _user(name: str) -> User | None:
    return User.objects.filter(username=name).first()


def _rewards(rng: random.Random, now: dt.datetime) -> int:
    proposer, approver, payer = _user("dispatcher"), _user("officelead"), _user("admin")
    if not (proposer and approver and payer):
        return 0
    seen: set[int] = set()
    candidates = []
    for r in (
        PublicReport.objects.filter(problem__status=Status.CLOSED, has_contact=True)
        .select_related("problem")
        .order_by("submitted_at", "pk")
    ):
        if r.problem_id not in seen:  # one reward per problem: the first report
            seen.add(r.problem_id)
            candidates.append(r)
    rng.shuffle(candidates)
    plan = [RewardStatus.PAID] * 4 + [RewardStatus.APPROVED] * 3 + [RewardStatus.PROPOSED] * 3
    plan += [RewardStatus.REJECTED]
    rewards = []
    for report, status in zip(candidates, plan, strict=False):
        closed = report.problem.closed_at or now
        proposed = min(now - dt.timedelta(hours=2), closed + dt.timedelta(days=rng.randint(1, 4)))
        decided = proposed + dt.timedelta(hours=rng.randint(2, 30))
        decided = min(decided, now - dt.timedelta(hours=1))
        reward = TipReward(
            report=report,
            problem=report.problem,
            amount=Decimal(rng.choice([50, 100, 100, 200, 300, 500])),
            basis="首报属实，经现场核查确认",
            status=status,
            proposed_by=proposer,
            proposed_at=proposed,
            approver=approver,
        )
        if status != RewardStatus.PROPOSED:
            reward.decided_at = decided
        if status == RewardStatus.REJECTED:
            reward.decision_note = "问题已由网格员先行上报"
        if status == RewardStatus.PAID:
            reward.paid_at = min(decided + dt.timedelta(days=2), now - dt.timedelta(minutes=30))
            reward.paid_by = payer
            reward.payment_ref = f"JL{proposed:%Y%m}{len(rewards) + 1:03d}"
        rewards.append(reward)
    TipReward.objects.bulk_create(rewards)
    return len(rewards)


def build_demo_rewards(*, seed: int = 5, now: dt.datetime | None = None) -> dict:
    if AuditEvent.objects.filter(action__in=(MARK, OLD_MARK)).exists():
        return {"skipped": True}
    now = now or timezone.now()
    with transaction.atomic():
        out = {"rewards": _rewards(random.Random(seed), now)}
        record(MARK, object_type="core.demo", data=out)
    return out
