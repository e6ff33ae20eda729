"""The dispatch sheet as an .xlsx workbook and as a .docx an office prints (A4 landscape)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhengzhi.campaigns.milestones import Standing
from zhengzhi.campaigns.sheet import Sheet

FREQ = {"daily": "Daily", "weekly": "Weekly", "monthly": "Monthly", "none": "No reports"}


def columns() -> list[str]:
    return [
        _("No."),
        _("Task / reporting unit"),
        _("Lead unit"),
        _("Today"),
        _("Cumulative"),
        _("Target"),
        pgettext("campaign", "Done"),
        _("Schedule"),
        _("Standing"),
        _("Late"),
        _("Missing"),
    ]


def standing_label(value: str) -> str:
    return str(Standing(value).label) if value in Standing.values else value


def num(value: Decimal | None) -> float | int | str:
    if value is None:
        return ""
    return int(value) if value == value.to_integral_value() else float(value)


def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def title(sheet: Sheet) -> str:
    return _("%(campaign)s — daily dispatch sheet") % {"campaign": sheet.campaign.name}


def summary(sheet: Sheet) -> str:
    s = sheet.standings
    return _(
        "As of %(day)s: %(tasks)d tasks, %(ahead)d ahead, %(on_track)d on track, "
        "%(behind)d behind. Ledger: %(new)d new problems, %(closed)d closed, %(overdue)d overdue."
    ) % {
        "day": sheet.day.isoformat(),
        "tasks": len(sheet.tasks),
        "ahead": s.get(Standing.AHEAD, 0),
        "on_track": s.get(Standing.ON_TRACK, 0),
        "behind": s.get(Standing.BEHIND, 0),
        "new": sheet.ledger["new"],
        "closed": sheet.ledger["closed"],
        "overdue": sheet.ledger["overdue"],
    }


def rows(sheet: Sheet) -> list[tuple[bool, list]]:
    """(is a task row, cells) in print order: each task, then its reporting units."""
    out = []
    for i, task in enumerate(sheet.tasks, 1):
        out.append(
            (
                True,
                [
                    i,
                    f"{task.title}（{task.measure}）" if task.measure else task.title,
                    task.lead_unit,
                    num(task.today),
                    num(task.cumulative),
                    num(task.target),
                    pct(task.percent),
                    num(task.expected),
                    standing_label(task.standing),
                    sum(u.late for u in task.units) or "",
                    sum(len(u.missing) for u in task.units) or "",
                ],
            )
        )
        for unit in task.units:
            out.append(
                (
                    False,
                    [
                        "",
                        f"　{unit.unit_name}",
                        "",
                        num(unit.today),
                        num(unit.cumulative),
                        num(unit.target),
                        pct(unit.percent),
                        num(unit.expected),
                        standing_label(unit.standing),
                        unit.late or "",
                        " ".join(unit.missing),
                    ],
                )
            )
    return out


def to_xlsx(sheet: Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = _("Dispatch sheet")
    cols = columns()
    ws.append([title(sheet)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(cols))
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([summary(sheet)])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(cols))
    ws["A2"].alignment = Alignment(wrap_text=True)
    ws.row_dimensions[2].height = 32
    ws.append(cols)
    thin = Side(style="thin", color="999999")
    header_fill = PatternFill("solid", fgColor="DDE4EC")
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    behind_fill = PatternFill("solid", fgColor="FBE3E1")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    bold, right = Font(bold=True), Alignment(horizontal="right")
    for index, (is_task, cells) in enumerate(rows(sheet), start=4):
        ws.append(cells)
        row = ws[index]  # (ws.max_row would walk every cell: quadratic on a big sheet)
        for cell in row:
            cell.border = border
            if is_task:
                cell.font = bold
        for cell in row[3:8]:
            cell.alignment = right
        if cells[8] == standing_label(Standing.BEHIND):
            row[8].fill = behind_fill
    for i, width in enumerate([6, 40, 16, 9, 10, 9, 9, 10, 9, 7, 16], 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "3:3"

    other = wb.create_sheet(_("Late and missing"))
    other.append([_("Unit"), _("Late reports today"), _("Missing reports")])
    late = dict(sheet.late_units)
    missing = dict(sheet.missing_units)
    for unit in sorted(set(late) | set(missing)):
        other.append([unit, late.get(unit, 0), "；".join(missing.get(unit, []))])
    other.append([])
    other.append([_("Problem ledger of the campaign")])
    for key, label in ledger_labels():
        other.append([label, sheet.ledger[key]])
    other.column_dimensions["A"].width = 24
    other.column_dimensions["C"].width = 60
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ledger_labels() -> list[tuple[str, str]]:
    return [
        ("new", _("New problems today")),
        ("closed", _("Closed today")),
        ("overdue", _("Overdue")),
        ("total", _("Problems in all")),
        ("closed_total", _("Closed in all")),
    ]


def to_docx(sheet: Sheet) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.6)
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")

    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(title(sheet))
    run.bold = True
    run.font.size = Pt(18)
    run.font.name = "SimHei"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "黑体")
    meta = doc.add_paragraph(
        _("%(office)s · %(day)s") % {"office": sheet.campaign.office_unit.name,
                                     "day": sheet.day.isoformat()}
    )  # fmt: skip
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(summary(sheet))

    cols = columns()
    table = doc.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, cols, strict=True):
        cell.text = ""
        r = cell.paragraphs[0].add_run(text)
        r.bold = True
    widths = [1.1, 8.0, 3.2, 1.5, 1.7, 1.6, 1.8, 1.9, 1.8, 1.2, 2.3]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid: every row added after takes these widths
    for is_task, cells in rows(sheet):
        row = table.add_row().cells
        for cell, value in zip(row, cells, strict=True):
            r = cell.paragraphs[0].add_run(str(value))
            r.bold = is_task
            r.font.size = Pt(9.5)

    doc.add_heading(_("Late and missing reports"), level=2)
    if not sheet.late_units and not sheet.missing_units:
        doc.add_paragraph(_("Every unit reported on time."))
    for unit, count in sheet.late_units:
        doc.add_paragraph(
            _("%(unit)s: %(n)d late") % {"unit": unit, "n": count}, style="List Bullet"
        )
    for unit, items in sheet.missing_units:
        doc.add_paragraph(
            _("%(unit)s did not report: %(items)s") % {"unit": unit, "items": "；".join(items)},
            style="List Bullet",
        )
    doc.add_heading(_("Problem ledger of the campaign"), level=2)
    doc.add_paragraph("　".join(f"{label} {sheet.ledger[key]}" for key, label in ledger_labels()))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
