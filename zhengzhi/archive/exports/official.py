"""A GB/T 9704 page for the archive's printed documents (python-docx): A4, margins 37/35/28/26
mm, the title in a 小标宋-style face at 22 pt, body in 仿宋 at 16 pt, headings in 黑体, tables in
宋体, the page number "— n —" at the foot. core.pdf maps these faces to installed fonts."""

from __future__ import annotations

import io

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"


def run_font(run, face: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name, run.font.size, run.font.bold = face, Pt(size), bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), face)


def _page_number(section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run_font(p.add_run("— "), TABLE_FONT, 14)
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.text = text
        run._r.append(el)
    run_font(run, TABLE_FONT, 14)
    run_font(p.add_run(" —"), TABLE_FONT, 14)


def document(title: str, subtitle: str = "", *, landscape: bool = False):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(37), Mm(35)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(16)
    _page_number(section)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run_font(head.add_run(title), TITLE_FONT, 22)
    if subtitle:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run_font(sub.add_run(subtitle), "楷体_GB2312", 16)
    return doc


def heading(doc, text: str, size: float = 16) -> None:
    p = doc.add_paragraph()
    run_font(p.add_run(text), HEADING_FONT, size)


def paragraph(doc, text: str, size: float = 16) -> None:
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(size * 2)
    run_font(p.add_run(text), BODY_FONT, size)


def table(doc, headings: list[str], rows: list[list], widths_mm: list[float] | None = None):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    t = doc.add_table(rows=1, cols=len(headings))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, headings, strict=True):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run_font(p.add_run(text), TABLE_FONT, 10.5, bold=True)
    for values in rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            run_font(cell.paragraphs[0].add_run(str(value)), TABLE_FONT, 10.5)
    if widths_mm:
        for row in t.rows:
            for cell, w in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(w)
    return t


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
