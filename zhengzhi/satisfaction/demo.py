"""Demo follow-up calls, tip rewards and a questionnaire with answers (seed_demo, after the
ledger's and the public reports' demo). Safe to run again: does nothing once its mark is there.

Called once from seed_demo: `build_demo_feedback(org)`. Rewards need public reports: without
them (the public demo not loaded) there are calls and the questionnaire, and no rewards.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhengzhi.accounts.models import User
from zhengzhi.audit.models import AuditEvent
from zhengzhi.audit.services import record
from zhengzhi.ledger.models import Problem, Source, Status
from zhengzhi.public.models import PublicReport, Rating
from zhengzhi.rewards.models import RewardStatus, TipReward
from zhengzhi.satisfaction.models import FollowUpCall
from zhengzhi.surveys.models import (
    Answer,
    Choice,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
from zhengzhi.surveys.services import SATISFACTION_CHOICES, SATISFACTION_TEXT, device_hash

MARK = "demo.feedback"
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


SURVEY_QUESTIONS = [
    (QuestionKind.SINGLE, "您的年龄段是？", ["18岁以下", "18–40岁", "41–60岁", "60岁以上"]),
    (
        QuestionKind.MULTIPLE,
        "您认为身边最需要整治的问题有哪些？（可多选）",
        ["垃圾清运不及时", "占道经营", "乱停车", "小广告", "病媒生物（蚊蝇鼠蟑）", "公厕卫生"],
    ),
    (QuestionKind.TEXT, "您对创建国家卫生城市还有什么建议？", []),
]
SUGGESTIONS = [
    "希望垃圾桶多放几个",
    "晚上的烧烤摊油烟太大",
    "小区里的僵尸车应该清理",
    "公厕能不能多开一段时间",
    "感谢网格员的辛苦",
]


def _survey(rng: random.Random, now: dt.datetime, author: User) -> int:
    published = now - dt.timedelta(days=20)
    survey = Survey.objects.create(
        title="2026年城市环境卫生群众满意度调查",
        intro="为了解您对本区环境卫生状况的评价，请花一分钟填写本问卷。问卷匿名，感谢支持！",
        status=SurveyStatus.OPEN,
        created_by=author,
        created_at=published - dt.timedelta(days=2),
        published_at=published,
    )
    sat = Question.objects.create(
        survey=survey, position=1, kind=QuestionKind.SATISFACTION, text=SATISFACTION_TEXT
    )
    sat_choices = {
        rating: Choice.objects.create(question=sat, position=i, text=text, rating=rating)
        for i, (rating, text) in enumerate(SATISFACTION_CHOICES, 1)
    }
    others = []
    for i, (kind, text, options) in enumerate(SURVEY_QUESTIONS, 2):
        q = Question.objects.create(
            survey=survey, position=i, kind=kind, text=text, required=kind != QuestionKind.TEXT
        )
        choices = [
            Choice.objects.create(question=q, position=j, text=o) for j, o in enumerate(options, 1)
        ]
        others.append((q, choices))
    answers = []
    n = 160
    for k in range(n):
        response = Response.objects.create(
            survey=survey,
            submitted_at=published + dt.timedelta(minutes=rng.randint(10, 19 * 24 * 60)),
            device_hash=device_hash(survey, secrets.token_urlsafe(24)),
        )
        x = rng.random()
        rating = Rating.SATISFIED if x < 0.66 else Rating.BASIC if x < 0.92 else Rating.UNSATISFIED
        answers.append(Answer(response=response, question=sat, choice=sat_choices[rating]))
        for q, choices in others:
            if q.kind == QuestionKind.SINGLE:
                answers.append(Answer(response=response, question=q, choice=rng.choice(choices)))
            elif q.kind == QuestionKind.MULTIPLE:
                for c in rng.sample(choices, rng.randint(1, 3)):
                    answers.append(Answer(response=response, question=q, choice=c))
            elif k % 4 == 0:
                answers.append(Answer(response=response, question=q, text=rng.choice(SUGGESTIONS)))
    Answer.objects.bulk_create(answers, batch_size=500)
    return n


def build_demo_feedback(org: dict | None = None, *, seed: int = 5, now=None) -> dict:
    if AuditEvent.objects.filter(action=MARK).exists():
        return {"skipped": True}
    now = now or timezone.now()
    rng = random.Random(seed)
    caller, author = _user("followup"), _user("admin")
    if caller is None or author is None:
        return {"skipped": True}
    with transaction.atomic():
        out = {
            "calls": _calls(rng, now, caller),
            "rewards": _rewards(rng, now),
            "answers": _survey(rng, now, author),
        }
        record(MARK, object_type="core.demo", data=out)
    return out
