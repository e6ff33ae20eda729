"""The reward register as an Excel workbook (openpyxl: a register has hundreds of rows, not
the ledger's hundred thousands). The reporter appears only by tracking code, and masked for the
office staff who may see reporters; no unit ever reads the register."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from zhengzhi.rewards.models import TipReward


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def register_xlsx(rewards: list[TipReward], *, masked: bool) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Tip rewards")[:31]
    headers = [
        _("Tracking code"),
        _("Problem number"),
        _("Category"),
        _("Amount (yuan)"),
        _("Status"),
        _("Grounds"),
        _("Proposed by"),
        _("Proposed"),
        _("Approver"),
        _("Decided"),
        _("Approver's note"),
        _("Paid"),
        _("Payment reference"),
    ]
    if masked:
        headers += [_("Reporter (masked)"), _("Phone (masked)")]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rewards:
        row = [
            # The code lets its holder rate the result as the citizen: office roles only.
            r.report.tracking_code if masked else "",
            r.problem.number,
            r.problem.category.name,
            r.amount,
            r.get_status_display(),
            r.basis,
            str(r.proposed_by),
            _local(r.proposed_at),
            str(r.approver),
            _local(r.decided_at),
            r.decision_note,
            _local(r.paid_at),
            r.payment_ref,
        ]
        if masked:
            row += [r.report.name_masked, r.report.phone_masked]
        ws.append(row)
    for row_cells in ws.iter_rows(min_row=2, max_row=len(rewards) + 1):
        row_cells[3].number_format = "#,##0.00"
        for i in (7, 9, 11):
            row_cells[i].number_format = "yyyy-mm-dd hh:mm"
    last = len(rewards) + 2
    ws.cell(row=last, column=3, value=_("Total")).font = Font(bold=True)
    if rewards:
        ws.cell(row=last, column=4, value=f"=SUM(D2:D{last - 1})").number_format = "#,##0.00"
    for i, width in enumerate((14, 14, 16, 12, 14, 30, 12, 17, 12, 17, 24, 17, 18, 12, 14), 1):
        if i <= len(headers):
            ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
