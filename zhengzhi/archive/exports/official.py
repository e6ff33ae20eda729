"""A GB/T 9704 page for the archive's printed documents (python-docx): A4, margins 37/35/28/26
mm, the title in a 小标宋-style face at 22 pt, body in 仿宋 at 16 pt, headings in 黑体, tables in
宋体, the page number "— n —" at the foot. core.pdf maps these faces to installed fonts."""

from __future__ import annotations

import io

from zhengzhi.core.official_docx import (  # noqa: F401 - the faces, for this app's writers
    BODY_FONT,
    HEADING_FONT,
    TABLE_FONT,
    TITLE_FONT,
    page_number,
    run_font,
)


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
    page_number(section)
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
