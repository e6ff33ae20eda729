"""The demo campaign's decomposition table and evidence archive, for seed_demo (after the
standards' demo): every item and indicator of the district's local rules split onto the demo
departments and streets and linked to the campaign's tasks (a few rows left without an owner
or a task, so that the flags show), evidence asked for item by item, part of it found in closed
problems of the mapped categories (before and after photos made here, as a handler's phone
would have sent them), the rest filed by the units up to about 70 % complete, most of it
accepted and a few pieces returned. Safe to run again: kept if there."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from zhengzhi.archive.completeness import completeness
from zhengzhi.archive.models import Duty, EvidenceKind
from zhengzhi.archive.services import evidence as ev
from zhengzhi.archive.services.table import assign, build_table, cycle_years
from zhengzhi.audit.services import record
from zhengzhi.campaigns.models import Campaign, Task
from zhengzhi.standards.models import CampaignStandard

TARGET = 0.70
PROBLEM_PHOTOS = 16  # closed problems given before/after photos
NO_OWNER_EVERY = 13  # every 13th row is left without an owner, every 7th without a task
NO_TASK_EVERY = 7
ROTATION = ["cgj", "scjgj", "zjj", "wjj", "sthjj", "gafj", "jtysj"]
LEADS = {"C1": "office", "C2": "wjj", "C3": "cgj"}
RETURNS = ("照片模糊，无法辨认整改效果", "缺少单位盖章", "年度不符，请上传本年度材料")


def jpeg(colour: tuple[int, int, int], name: str) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    for i in range(0, 640, 80):
        draw.rectangle([i, 300, i + 60, 470], fill=(colour[2], colour[0], colour[1]))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=80)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def pdf(name: str) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _assign(admin, campaign, org) -> None:
    units = {**org["departments"], "office": org["office"]}
    streets = org["streets"]
    tasks = list(Task.objects.filter(campaign=campaign).order_by("order", "pk"))
    rows = list(
        Duty.objects.filter(campaign=campaign)
        .select_related("item__category", "indicator__measure")
        .order_by("pk")
    )
    for n, duty in enumerate(rows):
        if n % NO_OWNER_EVERY == NO_OWNER_EVERY - 1:
            continue
        if duty.item_id:
            code = duty.item.category.code
            lead = units.get(LEADS.get(code, ROTATION[n % len(ROTATION)]))
            supporting = list(streets[:2]) if code in ("C2", "C3") else []
            if code == "C1":
                supporting = [units["wjj"]]
        else:
            lead = duty.indicator.measure.lead_department or units["wjj"]
            supporting = []
        served = (
            [] if n % NO_TASK_EVERY == NO_TASK_EVERY - 1 or not tasks else [tasks[n % len(tasks)]]
        )
        assign(admin, duty.pk, lead_unit=lead, supporting_units=supporting, tasks=served)


def _requirements(admin, campaign) -> None:
    for duty in (
        Duty.objects.filter(campaign=campaign, item__isnull=False)
        .select_related("item__category")
        .order_by("item__category__position", "item__position", "item__pk")
    ):
        item, code = duty.item, duty.item.category.code
        ev.declare(
            admin, campaign, item, title="工作方案、制度等文件资料", kind=EvidenceKind.DOCUMENT
        )
        if item.problem_categories.exists():
            ev.declare(
                admin, campaign, item, title="问题整改前后对比照片", kind=EvidenceKind.PHOTO,
                count=3, per_year=True, fill_from="problems",
            )  # fmt: skip
        elif code == "C1":
            ev.declare(
                admin, campaign, item, title="爱卫会会议记录", kind=EvidenceKind.RECORD,
                count=2, per_year=True,
            )  # fmt: skip
        elif code in ("C2", "C3"):
            ev.declare(
                admin, campaign, item, title="工作现场照片", kind=EvidenceKind.PHOTO,
                per_unit=True,
            )  # fmt: skip


def _problem_photos(admin, campaign, years: list[int]) -> int:
    """Before and after photos for closed problems of the mapped categories (the demo ledger
    has none), as a handler would have sent them."""
    from django.db.models import Q

    from zhengzhi.files.models import FileKind
    from zhengzhi.files.services import store_upload
    from zhengzhi.ledger.models import Problem, Status
    from zhengzhi.standards.models import Item

    mapped = set(
        Item.problem_categories.through.objects.filter(
            item__category__standard=CampaignStandard.objects.get(campaign=campaign).standard
        ).values_list("category_id", flat=True)
    )
    problems = (
        Problem.objects.filter(Q(category__in=mapped) | Q(main_category__in=mapped))
        .filter(status=Status.CLOSED, closed_at__year__gte=years[0], owner_unit__isnull=False)
        .order_by("-closed_at", "pk")[:PROBLEM_PHOTOS]
    )
    made = 0
    for n, problem in enumerate(problems):
        for purpose, colour in (("before", (120, 96, 80)), ("after", (70, 140, 90))):
            store_upload(
                jpeg(
                    (colour[0] + n * 5 % 60, colour[1], colour[2]),
                    f"{problem.number}-{purpose}.jpg",
                ),
                user=admin,
                unit=problem.owner_unit,
                owner=problem,
                allowed=(FileKind.IMAGE,),
                purpose=purpose,
            )
        made += 1
    return made


def _top_up(admin, campaign, years: list[int], now: dt.datetime) -> list:
    """Files pieces for the slots still missing, in the order of the standard, until about
    70 % of what is required is there."""
    from zhengzhi.archive.models import Requirement
    from zhengzhi.org.models import Unit

    done = completeness(campaign, years)
    # The pieces returned below no longer count: filed on top.
    goal = round(done.total.required * TARGET) - done.total.present + len(RETURNS)
    reqs = {r.pk: r for r in Requirement.objects.filter(campaign=campaign)}
    units = {
        u.pk: u for u in Unit.objects.filter(pk__in={g.unit_id for g in done.gaps if g.unit_id})
    }
    filed = []
    for n, gap in enumerate(done.gaps):  # the last items of the standard stay empty
        if goal <= 0:
            break
        if gap.unit_id is None:
            continue
        req = reqs[gap.requirement_id]
        for i in range(min(gap.missing, goal)):
            name = f"{req.title}-{gap.year}-{i + 1}"
            upload = (
                jpeg((90 + n % 100, 120, 150), f"{name}.jpg")
                if req.kind == EvidenceKind.PHOTO
                else pdf(f"{name}.pdf")
            )
            filed.append(
                ev.upload(
                    admin, req.pk, units[gap.unit_id], upload,
                    year=gap.year if req.per_year else None, title=name, now=now,
                )
            )  # fmt: skip
            goal -= 1
    return filed


@transaction.atomic
def build_demo_archive(org: dict, *, now: dt.datetime | None = None) -> dict:
    from zhengzhi.standards.demo import NAME

    now = now or timezone.now()
    admin = org["users"]["admin"]
    campaign = Campaign.objects.filter(name=NAME).first()
    if campaign is None or not CampaignStandard.objects.filter(campaign=campaign).exists():
        return {"skipped": True}
    if Duty.objects.filter(campaign=campaign).exists():
        return {"skipped": True}
    build_table(admin, campaign)
    _assign(admin, campaign, org)
    _requirements(admin, campaign)
    years = cycle_years(campaign, timezone.localdate(now))
    photos = _problem_photos(admin, campaign, years)
    found = ev.fill(campaign, actor=admin, now=now)
    filed = _top_up(admin, campaign, years, now)
    for n, piece in enumerate(filed):
        if n % 10 == 9 and n // 10 < len(RETURNS):
            ev.return_(admin, piece.pk, RETURNS[n // 10], now=now)
        elif n % 4 != 3:
            ev.accept(admin, piece.pk, now=now)
    done = completeness(campaign, years)
    data = {
        "rows": Duty.objects.filter(campaign=campaign).count(),
        "from_problems": found,
        "problems_with_photos": photos,
        "filed": len(filed),
        "required": done.total.required,
        "present": done.total.present,
        "accepted": done.total.accepted,
    }
    record("demo.archive", actor=admin, obj=campaign, data=data)
    return data
