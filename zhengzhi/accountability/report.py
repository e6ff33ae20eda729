"""The campaign summary report (总结报告): at any time, and at a campaign's end, the facts of
its whole period read by the bulletins' own section builders (supervision.drafting.registry:
the period's figures, the tasks' goals against their results, the ranking, overdue problems,
typical problems with before and after photos, the red and black lists, and whatever other
apps registered, such as the inspections' results), the standard's gaps at the campaign's start
and now (standards.selectors.campaign_gap as of each moment), the ladder's records issued in the
period, and the office's own texts and chosen photos, written as a GB/T 9704 document. Its life
(draft, edits, approval, PDF) is services/reports.py."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from zhengzhi.accountability.models import (
    DOCUMENT_NAMES,
    CampaignReport,
    Record,
    RecordStatus,
)
from zhengzhi.core.official_docx import new_document, signature, title, to_bytes
from zhengzhi.supervision.drafting import docx_parts as w

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
    data["_gaps"] = gaps(campaign, now)
    return data


def gaps(campaign, now: dt.datetime) -> dict | None:
    """The tied standard's gap at the campaign's start and now: indicators met, not met and
    unknown in all and per category (None: no standard tied to the campaign)."""
    from zhengzhi.ledger.indicators.periods import day_start
    from zhengzhi.standards.models import CampaignStandard, IndicatorValue
    from zhengzhi.standards.selectors import campaign_gap

    tie = CampaignStandard.objects.filter(campaign=campaign).select_related("standard").first()
    if tie is None:
        return None
    values = IndicatorValue.objects.all()
    before = campaign_gap(tie, values, at=day_start(campaign.starts_on)).report
    after = campaign_gap(tie, values, at=now)
    names = {pk: c.name for pk, c in after.categories.items()}

    def counts(report) -> dict:
        return {k: report.count(k) for k in ("met", "not_met", "unknown")}

    def by_category(report) -> dict[int, dict]:
        return {g.id: {"met": g.met, "not_met": g.not_met, "unknown": g.unknown, "total": g.total}
                for g in report.categories}  # fmt: skip

    b, a = by_category(before), by_category(after.report)
    rows = [
        [names.get(pk, str(pk)), a[pk]["total"], b.get(pk, {}).get("met", 0), a[pk]["met"],
         a[pk]["not_met"]]
        for pk in sorted(a, key=lambda pk: names.get(pk, ""))
    ]  # fmt: skip
    return {
        "standard": str(tie.standard),
        "start": campaign.starts_on.isoformat(),
        "before": counts(before),
        "after": counts(after.report),
        "rows": rows,
    }


def candidate_ids(data: dict) -> set[int]:
    return {c["id"] for c in (data.get("typical") or {}).get("candidates", [])}


def write_gaps(doc, g: dict) -> None:
    b, a = g["before"], g["after"]
    w.paragraph(
        doc,
        f"对照{g['standard']}，行动开始时（{g['start']}）达标指标{b['met']}项、未达标{b['not_met']}项、"
        f"无法判定{b['unknown']}项；目前达标{a['met']}项、未达标{a['not_met']}项、无法判定{a['unknown']}项。",
    )
    if g["rows"]:
        w.table(doc, ["大项", "指标数", "开始时达标", "目前达标", "目前未达标"], g["rows"])


def write(report: CampaignReport, data: dict) -> bytes:
    from zhengzhi.supervision.drafting.document import WriteContext
    from zhengzhi.supervision.drafting.registry import sections
    from zhengzhi.supervision.drafting.sections import chosen
    from zhengzhi.supervision.services.editions import photo_reader

    photos = list(report.photo_choices or [])
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
    if data.get("_gaps"):
        part += 1
        w.heading(doc, f"{NUMERALS[part]}、创建标准达标情况")
        write_gaps(doc, data["_gaps"])
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
