"""A demo questionnaire with 160 answers (seed_demo): the satisfaction question every survey
opens with, three others, and answers spread over nineteen days. Safe to run again: does
nothing once its mark (or the older combined mark of the feedback demo) is there.

Called once from seed_demo: `build_demo_survey()`; it needs the demo's "admin" user (the
author), and nothing from the other apps' demos.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

from django.db import transaction
from django.utils import timezone

from zhengzhi.accounts.models import User
from zhengzhi.audit.models import AuditEvent
from zhengzhi.audit.services import record
from zhengzhi.public.models import Rating
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

MARK = "demo.survey"
# Written by the combined demo (calls, rewards and survey) before each app built its own part.
OLD_MARK = "demo.feedback"


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


def build_demo_survey(*, seed: int = 5, now: dt.datetime | None = None) -> dict:
    if AuditEvent.objects.filter(action__in=(MARK, OLD_MARK)).exists():
        return {"skipped": True}
    author = User.objects.filter(username="admin").first()
    if author is None:
        return {"skipped": True}
    now = now or timezone.now()
    with transaction.atomic():
        out = {"answers": _survey(random.Random(seed), now, author)}
        record(MARK, object_type="core.demo", data=out)
    return out
