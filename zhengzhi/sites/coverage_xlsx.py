"""The coverage table as an .xlsx sheet, in the reader's language."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font


def table_xlsx(table, *, kind=None, unit=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Coverage")[:31]
    p = table.period
    scope = " · ".join(x for x in (unit.name if unit else "", kind.name if kind else "") if x)
    ws.append([_("Supervision coverage") + (f"（{scope}）" if scope else "")])
    ws.append([_("Period"), f"{p.first:%Y-%m-%d} — {p.last:%Y-%m-%d}"])
    ws.append([_("Contacts counted"), "、".join(table.sources) or "—"])
    ws.append([])
    head = _("Kind") if table.group == "kind" else _("Unit")
    ws.append([head, _("Sites in the roster"), _("Contacted"), _("Never contacted"), _("Rate")])
    for cell in ws[5]:
        cell.font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=14)
    for row in [*table.rows, table.total]:
        ws.append([row.name, row.roster, row.contacted, row.missing, row.rate])
        ws.cell(ws.max_row, 5).number_format = "0.0%"
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 24
    for col in "BCDE":
        ws.column_dimensions[col].width = 14
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
