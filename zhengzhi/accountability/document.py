"""A ladder record as a GB/T 9704 document (.docx), written once when the office approves it:
the red masthead (the issuing body and the document's name: 督查单, 督办函 …) with its number
〔year〕N号 over a red line, the title, the unit addressed, the basis, the amounts and who pays
them (责任金 deducted from year-end pay), what the unit must do, the signature and the date."""

from __future__ import annotations

import datetime as dt

from zhengzhi.accountability.models import DOCUMENT_NAMES, Record, RecordKind
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

MASTHEAD_PT = 30
DEFAULT_ISSUER = "创建国家卫生城市工作领导小组办公室"

DEMANDS = {
    RecordKind.SHEET: "请于收到本督查单之日起3个工作日内整改到位，并将整改情况书面报送。",
    RecordKind.LETTER: "请于收到本督办函之日起3个工作日内整改到位，并将整改情况书面报送。",
    RecordKind.YELLOW_CARD: "请立即整改，并将整改情况书面报送。",
    RecordKind.TALK: "请单位主要负责人按通知时间到场接受约谈。",
    RecordKind.REFERRAL: "现将有关情况移交纪委，依规依纪启动问责程序。",
    RecordKind.MISSED: "请对漏查问题作出书面说明。",
}


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def title(rec: Record) -> str:
    return f"关于{rec.unit.name}问题整改的{DOCUMENT_NAMES[rec.kind]}"


def _plain(doc, text: str, *, indent: bool = True):
    from docx.shared import Pt

    p = doc.add_paragraph()
    exact_lines(p.paragraph_format)
    if indent:
        p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    run_font(p.add_run(text), BODY_FONT, BODY_PT)
    return p


def render(rec: Record, day: dt.date) -> bytes:
    issuer = rec.rule.issuer if rec.rule_id else DEFAULT_ISSUER
    name = DOCUMENT_NAMES[rec.kind]
    doc = new_document()
    masthead(doc, f"{issuer}{name}", MASTHEAD_PT)
    number = centred(doc, f"〔{rec.year}〕{rec.number}号", BODY_FONT, BODY_PT)
    exact_lines(number.paragraph_format)
    rule_below(number)
    doc.add_paragraph()
    title_line(doc, title(rec))
    _plain(doc, f"{rec.unit.name}：", indent=False)
    w.paragraph(doc, rec.basis)
    if rec.penalties:
        what = "责任金" if rec.kind == RecordKind.LETTER else "处罚金"
        _plain(doc, f"依据有关规定，对相关责任人处以{what}共计{rec.total}元，从年终绩效中扣除：")
        w.table(doc, ["责任人", "金额（元）"], [[p["who"], p["amount"]] for p in rec.penalties])
    if rec.self_criticism:
        _plain(doc, "单位主要负责人须通过媒体作出公开检讨；如仍未解决，将启动问责程序。")
    if rec.office_note:
        w.paragraph(doc, rec.office_note)
    _plain(doc, DEMANDS[rec.kind])
    doc.add_paragraph()
    signature(doc, (issuer, cn_date(day)))
    return to_bytes(doc)
