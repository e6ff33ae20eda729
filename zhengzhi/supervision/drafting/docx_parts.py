"""The pieces a bulletin's .docx is made of, on core.official_docx's GB/T 9704 page: body text
in 仿宋 16 pt on the 28.95 pt grid with a two-character indent, headings in 黑体 (level one) and
楷体 (level two), tables in 宋体, photo pairs (before | after) side by side."""

from __future__ import annotations

import io

from zhengzhi.core.official_docx import (
    BODY_FONT,
    BODY_PT,
    HEADING_FONT,
    KAI_FONT,
    TABLE_FONT,
    exact_lines,
    off_grid,
    run_font,
)

TABLE_PT = 10.5  # 五号
PHOTO_MM = 74  # two side by side within the 156 mm type area


def paragraph(doc, text: str) -> None:
    from docx.shared import Pt

    for line in (text or "").splitlines() or [""]:
        if not line.strip():
            continue
        p = doc.add_paragraph()
        exact_lines(p.paragraph_format)
        p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        run_font(p.add_run(line.strip()), BODY_FONT, BODY_PT)


def heading(doc, text: str, level: int = 1) -> None:
    from docx.shared import Pt

    p = doc.add_paragraph()
    exact_lines(p.paragraph_format)
    p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    run_font(p.add_run(text), HEADING_FONT if level == 1 else KAI_FONT, BODY_PT)


def table(doc, headings: list[str], rows: list[list]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if not rows:
        return
    t = doc.add_table(rows=1, cols=len(headings))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, headings, strict=True):
        p = cell.paragraphs[0]
        off_grid(p)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run_font(p.add_run(text), TABLE_FONT, TABLE_PT, bold=True)
    for values in rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            off_grid(cell.paragraphs[0])
            run_font(cell.paragraphs[0].add_run(str(value)), TABLE_FONT, TABLE_PT)


def photo_pair(doc, before: bytes | None, after: bytes | None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    t = doc.add_table(rows=2, cols=2)
    for col, (data, label) in enumerate(((before, "整改前"), (after, "整改后"))):
        p = t.rows[0].cells[col].paragraphs[0]
        off_grid(p)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if data:
            p.add_run().add_picture(io.BytesIO(data), width=Mm(PHOTO_MM))
        caption = t.rows[1].cells[col].paragraphs[0]
        off_grid(caption)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run_font(caption.add_run(label), KAI_FONT, 14)
