"""The decomposition table (目标任务细化分解表) as .xlsx and as a .docx an office prints."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhengzhi.archive.exports import official
from zhengzhi.archive.selectors import Row


def headings() -> list[str]:
    return [
        _("No."),
        pgettext("standard", "Category"),
        pgettext("standard", "Item"),
        _("Lead unit"),
        _("Supporting units"),
        _("Campaign tasks"),
        _("Evidence present / required"),
    ]


def cells(rows: list[tuple[Row, object]]) -> list[list[str]]:
    out = []
    for n, (row, counts) in enumerate(rows, start=1):
        out.append(
            [
                str(n),
                row.category.name if row.category else _("Indicators"),
                f"{row.number} {row.text}".strip(),
                row.lead.name if row.lead else _("No owner"),
                "、".join(u.name for u in row.supporting),
                "；".join(t.title for t in row.tasks) or _("No task"),
                f"{counts.present}/{counts.required}" if counts else "",  # type: ignore[attr-defined]
            ]
        )
    return out


def title(campaign) -> str:
    return _("%(campaign)s: decomposition of targets and tasks") % {"campaign": campaign.name}


def to_xlsx(campaign, rows: list[tuple[Row, object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = _("Decomposition table")[:31]
    ws.append([title(campaign)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(headings())
    for cell in ws[2]:
        cell.font = Font(bold=True)
    flagged = PatternFill("solid", fgColor="FFF3CD")
    for values, (row, _counts) in zip(cells(rows), rows, strict=True):
        ws.append(values)
        if row.no_owner or row.no_task:
            for cell in ws[ws.max_row]:
                cell.fill = flagged
    for column, width in zip("ABCDEFG", (6, 16, 60, 18, 28, 36, 12), strict=True):
        ws.column_dimensions[column].width = width
    for row_cells in ws.iter_rows(min_row=3):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_docx(campaign, rows: list[tuple[Row, object]]) -> bytes:
    doc = official.document(title(campaign), campaign.office_unit.name, landscape=True)
    official.table(doc, headings(), cells(rows), [10, 25, 80, 25, 30, 40, 18])
    return official.to_bytes(doc)
