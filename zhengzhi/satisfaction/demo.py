"""Demo follow-up calls (seed_demo, after the ledger's and the public reports' demo): most
closed problems reported by citizens are called back, a few of the others; some calls reach
nobody the first time. Safe to run again: does nothing once its mark (or the older combined
mark of the feedback demo) is there.

Called once from seed_demo: `build_demo_calls()`; the tip rewards and the questionnaire are
their own apps' demos (rewards.demo, surveys.demo).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from zhengzhi.accounts.models import User
from zhengzhi.audit.models import AuditEvent
from zhengzhi.audit.services import record
from zhengzhi.ledger.models import Problem, Source, Status
from zhengzhi.public.models import PublicReport, Rating
from zhengzhi.satisfaction.models import FollowUpCall

MARK = "demo.calls"
# Written by the combined demo (calls, rewards and survey) before each app built its own part.
OLD_MARK = "demo.feedback"
COMMENTS = {
    Rating.SATISFIED: ["处理很及时，谢谢", "现场已经清理干净了", "态度很好，满意", ""],
    Rating.BASIC: ["处理了，但拖了几天", "基本解决，希望保持", ""],
    Rating.UNSATISFIED: ["过两天又出现了", "只是表面处理，根子没解决", "没人联系我"],
}


def _rating(rng: random.Random) -> str:
    x = rng.random()
    return Rating.SATISFIED if x < 0.72 else Rating.BASIC if x < 0.9 else Rating.UNSATISFIED


def _user(name: str) -> User | None:
    return User.objects.filter(username=name).first()


def _calls(rng: random.Random, now: dt.datetime, caller: User) -> int:
    closed = list(
        Problem.objects.filter(status=Status.CLOSED, closed_at__isnull=False)
        .order_by("pk")
        .values("pk", "source", "closed_at")
    )
    reports = {}
    for r in PublicReport.objects.filter(has_contact=True).values("pk", "problem_id"):
        reports.setdefault(r["problem_id"], r["pk"])
    calls = []
    for p in closed:
        citizen = p["source"] in (Source.PUBLIC, Source.HOTLINE)
        if rng.random() > (0.8 if citizen else 0.25):
            continue  # still awaiting a call: the queue has work in it
        at = p["closed_at"] + dt.timedelta(hours=rng.randint(4, 70))
        if at >= now:
            continue
        report = reports.get(p["pk"])
        if rng.random() < 0.15:  # nobody answered the first time
            calls.append(
                FollowUpCall(
                    problem_id=p["pk"], report_id=report, called_at=at, caller=caller,
                    reached=False, note="无人接听",
                )
            )  # fmt: skip
            at += dt.timedelta(hours=rng.randint(20, 30))
            if at >= now or rng.random() < 0.3:
                continue
        rating = _rating(rng)
        calls.append(
            FollowUpCall(
                problem_id=p["pk"], report_id=report, called_at=at, caller=caller, reached=True,
                rating=rating, comment=rng.choice(COMMENTS[rating]),
            )
        )  # fmt: skip
    FollowUpCall.objects.bulk_create(calls, batch_size=500)
    return len(calls)


def build_demo_calls(*, seed: int = 5, now: dt.datetime | None = None) -> dict:
    if AuditEvent.objects.filter(action__in=(MARK, OLD_MARK)).exists():
        return {"skipped": True}
    caller = _user("followup")
    if caller is None:
        return {"skipped": True}
    now = now or timezone.now()
    with transaction.atomic():
        out = {"calls": _calls(random.Random(seed), now, caller)}
        record(MARK, object_type="core.demo", data=out)
    return out
