"""The assessment as an .xlsx sheet (one row per unit and month, every item's facts and points
beside the total, then the period's total and rank) and as a 公文 .docx (the ranking table)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from zhengzhi.accountability.assessment.compute import Assessment
from zhengzhi.accountability.assessment.scheme import INDICATORS
from zhengzhi.ledger.exports.xlsx import FLOAT, INT, TEXT, SheetColumn, SheetWriter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _f(value) -> float | None:
    return None if value is None else float(value)


def xlsx(result: Assessment, mark: str = "") -> bytes:
    """`mark`: added to the sheet's name (（终审） for a finalised result)."""
    items = result.scheme.items
    columns = [
        SheetColumn(_("Rank"), INT, 6),
        SheetColumn(_("Unit"), TEXT, 18),
        SheetColumn(_("Month"), TEXT, 9),
    ]
    for item in items:
        label = str(INDICATORS[item["indicator"]].label)
        columns += [
            SheetColumn(f"{label} {_('facts')}", FLOAT, 9),
            SheetColumn(f"{label} {_('base')}", FLOAT, 9),
            SheetColumn(f"{label} {_('points')}", FLOAT, 9),
        ]
    columns += [
        SheetColumn(_("Records issued"), INT, 8),
        SheetColumn(_("Deducted"), FLOAT, 8),
        SheetColumn(_("Yuan"), INT, 8),
        SheetColumn(_("Month's points"), FLOAT, 9),
        SheetColumn(_("Period's points"), FLOAT, 9),
    ]
    rows = []
    for row in result.rows:
        for month, m in row.months.items():
            values: list = [row.rank, row.unit_name, month]
            for p in m.items:
                values += [_f(p.num), _f(p.den), _f(p.points)]
            values += [
                sum(d.count for d in m.deductions),
                _f(m.deducted),
                m.yuan,
                _f(m.total),
                _f(row.total),
            ]
            rows.append(values)
    buffer = io.BytesIO()
    with SheetWriter(buffer, f"{result.scheme.name}{mark}", columns) as sheet:
        sheet.write_rows(rows)
    return buffer.getvalue()


def docx(result: Assessment, title: str, issuer: str) -> bytes:
    from zhengzhi.core.official_docx import new_document, signature, to_bytes
    from zhengzhi.core.official_docx import title as title_line
    from zhengzhi.supervision.drafting import docx_parts as w

    doc = new_document()
    title_line(doc, title)
    first, last = result.months[0][0], result.months[-1][1]
    w.paragraph(
        doc,
        f"考核期间：{first:%Y年%m月%d日}至{last:%Y年%m月%d日}，共{len(result.months)}个月；"
        f"按《{result.scheme.name}》逐月计分，期间得分为各月得分的平均值。",
    )
    headings = ["名次", "单位"]
    headings += [str(INDICATORS[i["indicator"]].label) for i in result.scheme.items]
    headings += ["扣分", "得分"]
    rows = []
    for row in result.rows:
        months = list(row.months.values())
        n = len(months)
        means = [
            sum(m.items[i].points for m in months) / n for i in range(len(result.scheme.items))
        ]
        deducted = sum(m.deducted for m in months) / n
        rows.append(
            [row.rank, row.unit_name, *(f"{v:.2f}" for v in means), f"{deducted:.2f}", row.total]
        )
    w.table(doc, headings, rows)
    doc.add_paragraph()
    signature(doc, (issuer,))
    return to_bytes(doc)
