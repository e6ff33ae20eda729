"""The ranking as a chart's data and as an .xlsx sheet (small: one row per unit, so it is written
at once, not by the export jobs)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from zhengzhi.ledger.exports.xlsx import FLOAT, INT, TEXT, SheetColumn, SheetWriter
from zhengzhi.ledger.indicators import RATES
from zhengzhi.ledger.indicators.definitions import COUNT_LABELS, RATE_LABELS
from zhengzhi.ledger.indicators.ranking import Ranking

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chart_data(result: Ranking) -> dict:
    """The ranked units' scores, best first, for the page's bar chart (ECharts)."""
    return {
        "units": [r["unit_name"] for r in result.ranked],
        "scores": [round(r["score"], 1) for r in result.ranked],
        "label": _("Score"),
    }


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def ranking_rows(result: Ranking) -> list[list]:
    rows = []
    for unranked, group in ((False, result.ranked), (True, result.too_few)):
        for r in group:
            rows.append(
                [
                    None if unranked else r["place"],
                    r["unit_name"],
                    None if unranked or r["score"] is None else round(r["score"], 1),
                    *[_pct(r[rate]) for rate in RATES],
                    r["due"],
                    r["deferred"],
                    r["overdue_now"],
                    None if r["mean_hours"] is None else round(r["mean_hours"], 1),
                    r["recurrences"],
                    r["registered"],
                    r["dispatched"],
                ]
            )
    return rows


def ranking_columns() -> list[SheetColumn]:
    counts = ("due", "deferred", "overdue_now", "mean_hours", "recurrences")
    return [
        SheetColumn(_("Place"), INT, 6),
        SheetColumn(_("Unit"), TEXT, 20),
        SheetColumn(_("Score"), FLOAT, 8),
        *[SheetColumn(f"{RATE_LABELS[rate][0]} (%)", FLOAT, 12) for rate in RATES],
        *[
            SheetColumn(str(COUNT_LABELS[k][0]), FLOAT if k == "mean_hours" else INT, 10)
            for k in counts
        ],
        SheetColumn(str(COUNT_LABELS["registered"][0]), INT, 8),
        SheetColumn(str(COUNT_LABELS["dispatched"][0]), INT, 8),
    ]


def ranking_xlsx(result: Ranking, title: str) -> bytes:
    buffer = io.BytesIO()
    with SheetWriter(buffer, title, ranking_columns()) as sheet:
        sheet.write_rows(ranking_rows(result))
    return buffer.getvalue()
