"""The two statistics tables as .xlsx (openpyxl) and as an official-style .docx (python-docx,
GB/T 9704 page: A4, margins 37/35/28/26 mm, title in a 小标宋-style face at 22 pt, body in a
仿宋-style face at 16 pt, page numbers at the foot)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _

from zhengzhi.cases.tables import Breakdown, YearRow
from zhengzhi.core.official_docx import BODY_FONT, TABLE_FONT, TITLE_FONT, page_number, run_font


def _n(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def yearly_headings() -> list[str]:
    return [
        _("Year"),
        _("Cigarette sales (boxes)"),
        _("Sales per person"),
        _("Average price per box"),
        _("Cases"),
        _("Cigarettes (10,000 sticks)"),
        _("Case value (10,000 yuan)"),
        _("Counterfeit cases"),
        _("Unlicensed transport"),
        _("Sentenced or in custody"),
    ]


def yearly_cells(rows: list[YearRow]) -> list[list]:
    return [
        [
            r.year,
            r.sales_boxes,
            r.per_capita,
            r.box_price,
            r.cases,
            r.wan_sticks,
            r.value_wan,
            r.counterfeit,
            r.transport,
            r.sentenced,
        ]
        for r in rows
    ]


def breakdown_headings() -> list[str]:
    return [_("Item"), _("Cases"), _("Cigarettes (10,000 sticks)"), _("Value (10,000 yuan)")]


def breakdown_cells(t: Breakdown) -> list[list]:
    """The breakdown as rows of four cells: item, cases, 万支, 万元 (blank where not apt)."""
    rows: list[list] = [
        [line.label, line.cases, line.wan_sticks, line.value_wan] for line in t.types
    ]
    rows.append([_("Total"), t.total.cases, t.total.wan_sticks, t.total.value_wan])
    for line in t.transfers:
        rows.append(
            [
                _("Transferred to %(body)s") % {"body": line.label},
                line.cases,
                line.wan_sticks,
                line.value_wan,
            ]
        )
    rows += [
        [_("People in criminal detention"), t.detained, None, None],
        [_("People arrested"), t.arrested, None, None],
        [_("People sentenced or in custody"), t.sentenced, None, None],
        [_("Fines and confiscations paid (10,000 yuan)"), None, None, t.paid_wan],
        [_("Fines and confiscations decided (10,000 yuan)"), None, None, t.fines_wan],
        [_("Operations"), t.operations, None, None],
        [_("People deployed (人次)"), t.people, None, None],
        [_("Vehicles deployed (辆次)"), t.vehicles, None, None],
        [_("Goods destroyed (件)"), t.destructions, t.destroyed_cases, t.destroyed_value_wan],
        [_("Major cases"), t.major, None, None],
        [_("Counterfeit cases"), t.counterfeit, None, None],
    ]
    return rows


def title(t: Breakdown, unit_name: str) -> str:
    return _("Enforcement cases of %(unit)s, %(start)s to %(end)s") % {
        "unit": unit_name,
        "start": t.scope.start.isoformat(),
        "end": t.scope.end.isoformat(),
    }


def to_xlsx(t: Breakdown, years: list[YearRow], unit_name: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Breakdown")[:31]
    ws.append([title(t, unit_name)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(breakdown_headings())
    for row in breakdown_cells(t):
        ws.append([float(c) if isinstance(c, Decimal) else c for c in row])
    ws.column_dimensions["A"].width = 36
    for col in "BCD":
        ws.column_dimensions[col].width = 18
    for cells in ws.iter_rows(min_row=3, min_col=3, max_col=4):
        for c in cells:
            c.number_format = "0.00"
    ys = wb.create_sheet(_("By year")[:31])
    ys.append(yearly_headings())
    for row in yearly_cells(years):
        ys.append([float(c) if isinstance(c, Decimal) else c for c in row])
    for cells in ys.iter_rows(min_row=2, min_col=2, max_col=7):
        for c in cells:
            c.number_format = "0.00"
    for cell in ys[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _table(doc, headings: list[str], rows: list[list]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run_font(p.add_run(text), TABLE_FONT, 10.5, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if i == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            run_font(p.add_run(_n(value)), TABLE_FONT, 10.5)


def to_docx(t: Breakdown, years: list[YearRow], unit_name: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(16)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run_font(head.add_run(title(t, unit_name)), TITLE_FONT, 22)
    intro = doc.add_paragraph()
    intro.paragraph_format.first_line_indent = Pt(32)
    run_font(
        intro.add_run(
            _(
                "In the period %(cases)d cases were found, with %(sticks)s 万支 of cigarettes "
                "and a case value of %(value)s 万元; %(paid)s 万元 of fines and confiscations "
                "were paid to the treasury."
            )
            % {
                "cases": t.total.cases,
                "sticks": _n(t.total.wan_sticks),
                "value": _n(t.total.value_wan),
                "paid": _n(t.paid_wan),
            }
        ),
        BODY_FONT,
        16,
    )
    for heading, headings, rows in (
        (_("1. Cases by type"), breakdown_headings(), breakdown_cells(t)),
        (_("2. By year"), yearly_headings(), yearly_cells(years)),
    ):
        p = doc.add_paragraph()
        run_font(p.add_run(heading), "黑体", 16)
        _table(doc, headings, rows)
    page_number(section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
