"""Public reports for the demo ledger (seed_demo, after the ledger's demo, before the follow-up
calls and rewards that need them).

Every demo problem from the public gets the citizen's report (page or Open311 client), and some
hotline problems get the hotline's: encrypted demo identities (some anonymous), merged
duplicates keep their own reports, and about two thirds of the closed ones are rated, a few "not
satisfied" still awaiting the office's review. Written in bulk; one audit row ("demo.public")
marks the load, and a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from zhengzhi.audit.models import AuditEvent
from zhengzhi.audit.services import record
from zhengzhi.ledger.models import EventKind, Problem, ProblemEvent, Source, Status
from zhengzhi.public import crypto
from zhengzhi.public.models import Channel, PublicReport, Rating, new_tracking_code

MARK = "demo.public"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"]
COMMENTS = {
    Rating.SATISFIED: ["处理很及时，谢谢！", "清理得很干净", "", "效率高，点赞", ""],
    Rating.BASIC: ["基本解决了，希望保持", "处理慢了点", ""],
    Rating.UNSATISFIED: ["过两天又堆起来了", "只清理了一半", "问题还在，没有根本解决"],
}


def _identity(rng: random.Random) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.2:
        return "", ""  # anonymous
    name = (
        rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    )
    phone = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
    return (name if roll > 0.35 else ""), phone


@transaction.atomic
def build_demo_reports(seed: int = 5, now: dt.datetime | None = None) -> dict:
    if AuditEvent.objects.filter(action=MARK).exists():
        return {"skipped": True}
    rng = random.Random(seed)
    now = now or timezone.now()
    problems = list(
        Problem.objects.filter(source__in=(Source.PUBLIC, Source.HOTLINE))
        .exclude(public_reports__isnull=False)
        .order_by("reported_at", "id")
        .values("id", "source", "status", "reported_at", "closed_at")
    )
    reports, notes, codes = [], [], set()
    for p in problems:
        if p["source"] == Source.HOTLINE:
            if rng.random() > 0.5:
                continue
            channel = Channel.HOTLINE
        else:
            channel = Channel.OPEN311 if rng.random() < 0.2 else Channel.WEB
        name, phone = _identity(rng)
        code = new_tracking_code()
        while code in codes:
            code = new_tracking_code()
        codes.add(code)
        r = PublicReport(
            problem_id=p["id"],
            tracking_code=code,
            channel=channel,
            submitted_at=p["reported_at"],
            name_enc=crypto.encrypt(name),
            phone_enc=crypto.encrypt(phone),
            name_masked=crypto.mask_name(name),
            phone_masked=crypto.mask_phone(phone),
            has_contact=bool(phone),
            wants_updates=bool(phone) and rng.random() < 0.8,
            api_client="随手拍App" if channel == Channel.OPEN311 else "",
        )
        closed = p["status"] == Status.CLOSED and p["closed_at"]
        if closed and channel != Channel.HOTLINE and rng.random() < 0.65:
            rating = rng.choices(
                [Rating.SATISFIED, Rating.BASIC, Rating.UNSATISFIED], weights=[70, 20, 10]
            )[0]
            rated_at = min(now, p["closed_at"] + dt.timedelta(hours=rng.uniform(2, 72)))
            r.rating, r.rated_at = rating, rated_at
            r.rating_comment = rng.choice(COMMENTS[rating])
            if rating == Rating.UNSATISFIED and rng.random() < 0.5:
                r.rating_reviewed_at = rated_at + dt.timedelta(hours=4)
            notes.append((p, r))
        reports.append(r)
    PublicReport.objects.bulk_create(reports, batch_size=500)
    by_code = dict(
        PublicReport.objects.filter(tracking_code__in=codes).values_list("tracking_code", "pk")
    )
    ProblemEvent.objects.bulk_create(
        [
            ProblemEvent(
                problem_id=p["id"],
                kind=EventKind.NOTE,
                at=r.rated_at,
                from_status=Status.CLOSED,
                to_status=Status.CLOSED,
                note=f"市民评价：{Rating(r.rating).label}。"
                + (f" {r.rating_comment}" if r.rating_comment else ""),
                data={"citizen_rating": r.rating, "report": by_code[r.tracking_code]},
            )
            for p, r in notes
        ],
        batch_size=500,
    )
    counts = {
        "reports": len(reports),
        "rated": len(notes),
        "anonymous": sum(1 for r in reports if not r.has_contact),
    }
    record(MARK, object_type="public.publicreport", data={"seed": seed, **counts})
    return counts
