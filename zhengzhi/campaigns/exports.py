"""The dispatch sheet as an .xlsx workbook and as a .docx an office prints (A4 landscape)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from xml.sax.saxutils import escape as xml_escape

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhengzhi.campaigns.milestones import Standing
from zhengzhi.campaigns.sheet import Sheet, late_text, missing_count_text, standing_label

PERCENT = 6  # the column of the rate done
COLUMNS = 11
FREQ = {"daily": "Daily", "weekly": "Weekly", "monthly": "Monthly", "none": "No reports"}


def columns(sheet: Sheet) -> list[str]:
    return [
        _("No."),
        _("Task / reporting unit"),
        _("Lead unit"),
        # The day's figure: "today" only on today's sheet.
        _("Today") if sheet.is_today else pgettext("campaign", "On the day"),
        _("Cumulative"),
        _("Target"),
        pgettext("campaign", "Done"),
        _("Schedule"),
        _("Standing"),
        _("Late"),
        _("Missing"),
    ]


def num(value: Decimal | None) -> float | int | str:
    if value is None:
        return ""
    return int(value) if value == value.to_integral_value() else float(value)


def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


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
    } + (f" {sheet.period_note}" if sheet.period_note else "")


def rows(sheet: Sheet) -> list[tuple[bool, list]]:
    """(is a task row, cells) in print order: each task, then its reporting units. The rate done
    (column PERCENT) is the Decimal percentage or None: a number in the workbook, text in the
    document."""
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
                    task.percent,
                    num(task.expected),
                    task.standing_label,
                    late_text(sum(u.late for u in task.units)),
                    missing_count_text(sum(len(u.missing) for u in task.units)),
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
                        unit.percent,
                        num(unit.expected),
                        unit.standing_label,
                        unit.late_text,
                        unit.missing_text,
                    ],
                )
            )
    return out


def to_xlsx(sheet: Sheet) -> bytes:
    """Written in openpyxl's write-only mode, row by row. The handful of cell styles are made once
    on prototype cells and their style arrays copied onto each cell: assigning a Font or Border
    object per cell hashes the whole style for every one of the ~66,000 cells of a county's sheet
    (that, and `ws[row]` measuring the sheet each time, took 25 s)."""
    from copy import copy

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Dispatch sheet"))
    cols = columns(sheet)
    last = get_column_letter(len(cols))
    for i, width in enumerate([6, 40, 16, 9, 10, 9, 9, 10, 9, 7, 16], 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[2].height = 32
    ws.freeze_panes = "A4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "3:3"
    ws.merged_cells.add(f"A1:{last}1")
    ws.merged_cells.add(f"A2:{last}2")

    thin = Side(style="thin", color="999999")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    right = Alignment(horizontal="right")
    behind_fill = PatternFill("solid", fgColor="FBE3E1")

    def style(**attrs):
        cell = WriteOnlyCell(ws)
        for name, value in attrs.items():
            setattr(cell, name, value)
        return cell._style

    def cell(value, style_array):
        out = WriteOnlyCell(ws, value)
        out._style = copy(style_array)
        return out

    title_style = style(font=Font(size=16, bold=True), alignment=Alignment(horizontal="center"))
    summary_style = style(alignment=Alignment(wrap_text=True))
    head_style = style(
        font=Font(bold=True),
        fill=PatternFill("solid", fgColor="DDE4EC"),
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
    )
    # [is a task row][column] -> style: bold task rows, figures (columns 4-8) to the right.
    # The rate done is a number shown as a percentage ("108.3%"), so it sorts and sums.
    styles = {}
    for is_task in (True, False):
        font = Font(bold=True) if is_task else Font()
        plain = style(border=border, font=font)
        figure = style(border=border, font=font, alignment=right)
        rate = style(border=border, font=font, alignment=right, number_format="0.0%")
        styles[is_task] = [
            rate if i == PERCENT else figure if 3 <= i < 8 else plain for i in range(len(cols))
        ]
        styles[is_task, "behind"] = style(border=border, font=font, fill=behind_fill)
    behind = standing_label(Standing.BEHIND)

    ws.append([cell(title(sheet), title_style)])
    ws.append([cell(summary(sheet), summary_style)])
    ws.append([cell(text, head_style) for text in cols])
    for is_task, cells in rows(sheet):
        row_styles = styles[is_task]
        rate_done = cells[PERCENT]
        cells[PERCENT] = "—" if rate_done is None else float(rate_done) / 100
        out = [cell(v, s) for v, s in zip(cells, row_styles, strict=True)]
        if cells[8] == behind:
            out[8]._style = copy(styles[is_task, "behind"])
        ws.append(out)

    # The second sheet prints on the width of an A4 page (portrait), long lists wrapped.
    other = wb.create_sheet(_("Late and missing"))
    other.column_dimensions["A"].width = 24
    other.column_dimensions["B"].width = 12
    other.column_dimensions["C"].width = 54
    other.page_setup.orientation = "portrait"
    other.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    other.page_setup.fitToWidth = 1
    other.page_setup.fitToHeight = 0
    other.sheet_properties.pageSetUpPr.fitToPage = True
    other.print_title_rows = "1:1"
    wrapped = style(alignment=Alignment(wrap_text=True, vertical="top"))
    top = style(alignment=Alignment(vertical="top"))
    other.append([cell(text, head_style) for text in other_columns()])
    late = dict(sheet.late_units)
    missing = dict(sheet.missing_units)
    for unit in sorted(set(late) | set(missing)):
        other.append(
            [
                cell(unit, top),
                cell(late.get(unit, 0), top),
                cell("；".join(missing.get(unit, [])), wrapped),
            ]
        )
    other.append([])
    other.append([_("Problem ledger of the campaign")])
    for key, label in ledger_labels():
        other.append([label, sheet.ledger[key]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def other_columns() -> list[str]:
    return [_("Unit"), _("Late reports today"), _("Missing reports")]


def ledger_labels() -> list[tuple[str, str]]:
    return [
        ("new", _("New problems today")),
        ("closed", _("Closed today")),
        ("overdue", _("Overdue")),
        ("total", _("Problems in all")),
        ("closed_total", _("Closed in all")),
    ]


def to_docx(sheet: Sheet) -> bytes:
    """The sheet in the office's Word template (docx_template.py: page set-up, title, headings and
    styles); raises docx_template.TemplateError when the template cannot be used."""
    from zhengzhi.campaigns import docx_template

    cols = columns(sheet)
    doc = docx_template.open_template(len(cols))
    items = [
        _("%(unit)s: %(n)d late") % {"unit": unit, "n": count} for unit, count in sheet.late_units
    ]
    items += [
        _("%(unit)s did not report: %(items)s") % {"unit": unit, "items": "；".join(missed)}
        for unit, missed in sheet.missing_units
    ]
    if not items:
        items = [_("Every unit reported on time.")]
    values = {
        "title": title(sheet),
        "meta": _("%(office)s · %(day)s")
        % {"office": sheet.campaign.office_unit.name, "day": sheet.day.isoformat()},
        "summary": summary(sheet),
        "late_heading": _("Late and missing reports"),
        "ledger_heading": _("Problem ledger of the campaign"),
        "ledger": "　".join(f"{label} {sheet.ledger[key]}" for key, label in ledger_labels()),
    }
    docx_template.fill(doc, values, items)
    table = doc.tables[0]
    docx_template.set_headings(table, cols)
    body = [(is_task, _with_pct(cells)) for is_task, cells in rows(sheet)]
    styles = {
        True: docx_template.style_id(doc, "Sheet Task"),
        False: docx_template.style_id(doc, "Sheet Unit"),
    }
    table._tbl.extend(_docx_rows(body, docx_template.column_widths(table), styles))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _with_pct(cells: list) -> list:
    cells[PERCENT] = pct(cells[PERCENT])
    return cells


# Characters XML 1.0 forbids (a title pasted from a chat app may carry them).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _docx_rows(data: list[tuple[bool, list]], widths: list[int], styles: dict) -> list:
    """The table's body rows as WordprocessingML elements, parsed from one string.

    python-docx's table.add_row() and run properties walk the table's children for every row and
    cell (each insertion looks for its place among the siblings), so a county's sheet of 6,000
    rows took 15-20 s. The same XML python-docx would write (each cell with its grid width, its
    paragraph in the template's style for a task or a unit row, figures to the right) as text is
    parsed by lxml in a fraction of a second.
    """
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    # The number centred; columns 4-8 (today, cumulative, target, rate done, schedule) are
    # figures, to the right.
    align = ["center" if i == 0 else "right" if 3 <= i < 8 else "" for i in range(len(widths))]
    para = {
        (is_task, a): f'<w:pPr><w:pStyle w:val="{xml_escape(styles[is_task])}"/>'
        + (f'<w:jc w:val="{a}"/>' if a else "")
        + "</w:pPr>"
        for is_task in (True, False)
        for a in ("center", "right", "")
    }
    cell_open = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p>' for w in widths]
    opening = {
        is_task: [o + para[is_task, a] for o, a in zip(cell_open, align, strict=True)]
        for is_task in (True, False)
    }
    parts = [f"<w:tbl {nsdecls('w')}>"]
    for is_task, cells in data:
        parts.append("<w:tr>")
        for start, value in zip(opening[is_task], cells, strict=True):
            text = _ILLEGAL_XML.sub("", str(value))
            if text:
                parts += (start, '<w:r><w:t xml:space="preserve">', xml_escape(text))
                parts.append("</w:t></w:r></w:p></w:tc>")
            else:
                parts += (start, "</w:p></w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return list(parse_xml("".join(parts)))
