"""The campaign summary report (总结报告): at any time, and at a campaign's end, the facts of
its whole period read by the bulletins' own section builders (supervision.drafting.registry:
the period's figures, the tasks' goals against their results, the ranking, overdue problems,
typical problems with before and after photos, the red and black lists, and whatever other
apps registered, such as the inspections' results), the ladder's records issued in the period,
and the office's own texts, written as a GB/T 9704 document. The .docx is kept as generated; the
PDF is made from it by the worker (core.pdf)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils import timezone

from zhengzhi.accountability.models import (
    DOCUMENT_NAMES,
    CampaignReport,
    Record,
    RecordStatus,
)
from zhengzhi.audit.services import record as audit
from zhengzhi.core.official_docx import new_document, signature, title, to_bytes
from zhengzhi.jobs.services import enqueue
from zhengzhi.supervision.drafting import docx_parts as w

PDF_JOB = "accountability.report_pdf"
NUMERALS = "一二三四五六七八九十"
PHOTOS = 4


class _Series:
    """What the section builders read of a bulletin series, for a campaign."""

    def __init__(self, campaign):
        self.campaign, self.campaign_id = campaign, campaign.pk
        self.ranking_level = "community"
        self.photos = PHOTOS


def _records(start: dt.date, end: dt.date) -> dict:
    from zhengzhi.ledger.indicators.periods import day_start

    qs = Record.objects.filter(
        status__in=(RecordStatus.ISSUED, RecordStatus.ANSWERED),
        approved_at__gte=day_start(start),
        approved_at__lt=day_start(end + dt.timedelta(days=1)),
    ).values_list("kind", "total", "status")
    counts, yuan, answered = Counter(), Counter(), 0
    for kind, total, status in qs:
        counts[kind] += 1
        yuan[kind] += total
        answered += status == RecordStatus.ANSWERED
    rows = [[DOCUMENT_NAMES[k], counts[k], yuan[k]] for k in sorted(counts)]
    return {"rows": rows, "answered": answered, "total": sum(counts.values())}


def build(campaign, start: dt.date, end: dt.date, *, user, now: dt.datetime) -> dict:
    from zhengzhi.supervision.drafting.context import DraftContext
    from zhengzhi.supervision.drafting.registry import sections

    ctx = DraftContext(series=_Series(campaign), start=start, end=end, now=now, user=user)
    data = {s.key: s.build(ctx) for s in sections()}
    data["_records"] = _records(start, end)
    return data


def write(report: CampaignReport, data: dict) -> bytes:
    from zhengzhi.supervision.drafting.document import WriteContext
    from zhengzhi.supervision.drafting.registry import sections
    from zhengzhi.supervision.drafting.sections import chosen
    from zhengzhi.supervision.services.editions import default_photos, photo_reader

    photos = default_photos(data, PHOTOS)
    rows = chosen(data.get("typical") or {}, photos)
    ctx = WriteContext(photos, photo_reader({p[k] for p in rows for k in ("before", "after")}))
    doc = new_document()
    title(doc, report.title)
    w.paragraph(
        doc,
        f"{report.campaign.name}自{report.period_start:%Y年%m月%d日}至"
        f"{report.period_end:%Y年%m月%d日}，现将有关情况总结如下。",
    )
    part = 0
    w.heading(doc, f"{NUMERALS[part]}、总体情况")
    w.paragraph(doc, report.opening)
    for name, key in (("目标完成情况", "progress"), ("存在的主要问题", "problems")):
        done = [s for s in sections(key) if data.get(s.key) is not None]
        if not done:
            continue
        part += 1
        w.heading(doc, f"{NUMERALS[part]}、{name}")
        for n, s in enumerate(done):
            w.heading(doc, f"（{NUMERALS[n]}）{s.heading}", level=2)
            s.write(doc, data[s.key], ctx)
    records = data.get("_records") or {}
    if records.get("total"):
        part += 1
        w.heading(doc, f"{NUMERALS[part]}、督查问责情况")
        w.paragraph(
            doc,
            f"期间共印发问责文书{records['total']}份，已书面答复{records['answered']}份。",
        )
        w.table(doc, ["文书", "份数", "金额（元）"], records["rows"])
    part += 1
    w.heading(doc, f"{NUMERALS[part]}、下一步工作")
    w.paragraph(doc, report.closing)
    doc.add_paragraph()
    signature(doc, (report.campaign.office_unit.name, f"{report.created_at:%Y年%m月%d日}"))
    return to_bytes(doc)


def generate(campaign, *, actor, opening: str, closing: str, now=None, request=None):
    """The report of the campaign so far (or whole, once it has ended)."""
    now = now or timezone.now()
    start = campaign.starts_on
    end = min(campaign.ends_on, timezone.localdate(now)) if campaign.ends_on else start
    end = max(start, end)
    data = build(campaign, start, end, user=actor, now=now)
    report = CampaignReport(
        campaign=campaign, title=f"{campaign.name}工作总结报告", opening=opening.strip(),
        closing=closing.strip(), period_start=start, period_end=end, data=data,
        created_by=actor, created_at=now,
    )  # fmt: skip
    report.docx = write(report, data)
    with transaction.atomic():
        report.save()
        audit("accountability.report.generated", actor=actor, obj=report, request=request)
        enqueue(PDF_JOB, dedupe_key=f"{PDF_JOB}:{report.pk}", report_id=report.pk)
    return report


def make_pdf(report_id: int) -> bool:
    from zhengzhi.core.pdf import docx_to_pdf

    report = CampaignReport.objects.get(pk=report_id)
    if report.pdf:
        return False
    pdf = docx_to_pdf(bytes(report.docx))
    CampaignReport.objects.filter(pk=report_id, pdf__isnull=True).update(pdf=pdf)
    return True
