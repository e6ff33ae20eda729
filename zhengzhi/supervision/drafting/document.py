"""An edition as a GB/T 9704 document (.docx): the red masthead (the bulletin's name, 第 N 期,
the issuing body and the date over a red line), the title in 小标宋 22 pt, then the three
headings of seed 004 — 一、进展情况 and 二、存在的主要问题, each the office's text followed by
its sections, numbered （一）（二）… in order; 三、意见和建议, the office's text — and the
signature. Written from the edition's stored data and chosen photos only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from zhengzhi.core.official_docx import (
    BODY_FONT,
    BODY_PT,
    centred,
    exact_lines,
    masthead,
    new_document,
    rule_below,
    run_font,
    signature,
    to_bytes,
)
from zhengzhi.core.official_docx import title as title_line
from zhengzhi.supervision.drafting import docx_parts as w
from zhengzhi.supervision.drafting.registry import sections
from zhengzhi.supervision.periods import label

MASTHEAD_PT = 36
NUMERALS = "一二三四五六七八九十"
PARTS = (("progress", "进展情况"), ("problems", "存在的主要问题"))


@dataclass
class WriteContext:
    photo_choices: list[int]
    photo_bytes: Callable[[str], bytes | None] = field(default=lambda _pk: None)


def default_title(edition) -> str:
    series = edition.series
    what = series.campaign.name if series.campaign_id else "城市管理"
    period = label(series.frequency, edition.period_start, edition.period_end)
    if series.kind == "notice":
        return f"关于{period}{what}工作情况的通报"
    return f"{period}{what}工作情况"


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _masthead(doc, edition, day: dt.date) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    p = masthead(doc, edition.series.name, MASTHEAD_PT)
    p.paragraph_format.space_before = Pt(0)
    number = f"第{edition.number}期" if edition.number else "（草稿）"
    exact_lines(centred(doc, number, BODY_FONT, BODY_PT).paragraph_format)
    line = doc.add_paragraph()
    exact_lines(line.paragraph_format)
    line.paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT)
    # 4号 (14 pt): a long issuing body and the date fit one line.
    run_font(line.add_run(f"{edition.series.issuer}\t{cn_date(day)}"), BODY_FONT, 14)
    rule_below(line)


def write(edition, data: dict, ctx: WriteContext, day: dt.date) -> bytes:
    doc = new_document()
    _masthead(doc, edition, day)
    doc.add_paragraph()
    title_line(doc, edition.title or default_title(edition))
    texts = {"progress": edition.progress_text, "problems": edition.problems_text}
    for i, (part, name) in enumerate(PARTS):
        w.heading(doc, f"{NUMERALS[i]}、{name}")
        w.paragraph(doc, texts[part])
        n = 0
        for s in sections(part):
            if data.get(s.key) is None:
                continue
            w.heading(doc, f"（{NUMERALS[n]}）{s.heading}", level=2)
            n += 1
            s.write(doc, data[s.key], ctx)
    w.heading(doc, f"{NUMERALS[len(PARTS)]}、意见和建议")
    w.paragraph(doc, edition.advice_text)
    doc.add_paragraph()
    signature(doc, (edition.series.issuer, cn_date(day)))
    return to_bytes(doc)
