"""A ladder record as a GB/T 9704 document (.docx), written once when the office approves it:
the red masthead (the issuing body and the document's name: 督查单, 督办函 …) with its number
〔year〕N号 over a red line, the title, the unit addressed, the basis, the amounts and who pays
them (责任金 deducted from year-end pay), what the unit must do, the signature and the date."""

from __future__ import annotations

import datetime as dt
import io

from zhengzhi.accountability.models import DOCUMENT_NAMES, Record, RecordKind
from zhengzhi.core.official_docx import (
    BODY_FONT,
    BODY_PT,
    RED,
    TITLE_FONT,
    TITLE_PT,
    body_style,
    colour,
    exact_lines,
    official_page,
    page_number,
    rule_below,
    run_font,
)
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


def _centred(doc, text: str, face: str, size: float, *, red: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run_font(run, face, size)
    if red:
        colour(run, RED)
    return p


def _plain(doc, text: str, *, indent: bool = True, right: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    exact_lines(p.paragraph_format)
    if indent:
        p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(BODY_PT * 4)
    run_font(p.add_run(text), BODY_FONT, BODY_PT)
    return p


def render(rec: Record, day: dt.date) -> bytes:
    from docx import Document
    from docx.shared import Pt

    issuer = rec.rule.issuer if rec.rule_id else DEFAULT_ISSUER
    name = DOCUMENT_NAMES[rec.kind]
    doc = Document()
    section = doc.sections[0]
    official_page(section)
    body_style(doc)
    page_number(section)
    head = _centred(doc, f"{issuer}{name}", TITLE_FONT, MASTHEAD_PT, red=True)
    head.paragraph_format.space_after = Pt(12)
    number = _centred(doc, f"〔{rec.year}〕{rec.number}号", BODY_FONT, BODY_PT)
    exact_lines(number.paragraph_format)
    rule_below(number)
    doc.add_paragraph()
    t = _centred(doc, title(rec), TITLE_FONT, TITLE_PT)
    t.paragraph_format.space_after = Pt(BODY_PT)
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
    _plain(doc, issuer, right=True)
    _plain(doc, cn_date(day), right=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
