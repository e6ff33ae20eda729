"""Importing an office's existing Excel ledger (台账): every row is checked first, every bad row
is named with its row, column and reason, and nothing is imported unless all rows are good.

The columns are those of the ledger export, so an exported sheet imports again as it was (the
round trip). Problems keep the number the sheet gives them (or get new ones), their historical
status and times; each gets one timeline entry saying it was imported, and the import is one
audit row.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.ledger.imports.plan import COLUMNS, plan_rows
from zhengzhi.ledger.imports.write import write_plans
from zhengzhi.ledger.services.permissions import can_dispatch
from zhengzhi.org.importing.workbook import (
    ImportResult,
    RowError,
    RowFailed,
    build_template,
    read_rows,
)

__all__ = ["COLUMNS", "import_ledger", "template_bytes"]


def template_bytes() -> bytes:
    notes = [
        _("Ledger import: one row per problem; the first row holds the column headers."),
        _("A sheet exported from the ledger can be imported as it is; extra columns are ignored."),
        _(
            "编号: the problem's number; leave it empty and the system numbers the problem. "
            "A number already in the ledger, or twice in the sheet, is an error."
        ),
        _("来源: 督查检查, 群众举报, 热线, 暗访, 媒体曝光, 上级交办 or 网格巡查."),
        _(
            "大类 / 小类 / 类别编码: the category; the sub-category's code (e.g. 0401) or its "
            "name is enough."
        ),
        _("问题描述 and 上报时间 are required; give 经度/纬度 (WGS84) or at least 地址."),
        _(
            "With coordinates, 网格, 社区 and 街道 come from the map; without, they are read from "
            "their columns (网格 by its 15-digit code, 社区 and 街道 by name or unit code)."
        ),
        _(
            "责任单位 / 配合部门: the unit's name or code. An empty 责任单位: the territorial "
            "unit of the place while awaiting registration, no owner yet otherwise."
        ),
        _(
            "状态: 待立案, 不予立案 (with 不予立案原因), 待派遣, 已派遣, 处置中, 挂账 (with "
            "挂账至), 待核查 or 已结案 (with 结案时间). Empty: from the last time given."
        ),
        _(
            "Times: 2026-03-01 09:30 or 2026-03-01, local time. An empty step time takes the "
            "time of the step before (反馈时间 of a closed problem: 结案时间); 处置时限 is "
            "computed from the category when empty."
        ),
        _("是否按期: 是 or 否 (computed when empty). Counters (退回次数 ...) are whole numbers."),
        _("Merged problems (已合并) and pending requests are not imported."),
        _("If any row has an error nothing is imported, and every bad row is listed."),
    ]
    return build_template(COLUMNS, notes, _("Ledger"))


def import_ledger(upload, *, actor, request=None) -> ImportResult:
    """Checks every row, then writes all of them in one transaction, or none."""
    result = ImportResult(kind="problems")
    if actor is not None and not can_dispatch(actor):
        result.errors = [RowError(0, "", _("Only the office's dispatchers may import a ledger."))]
        return result
    rows, problems = read_rows(upload, COLUMNS)
    if problems:
        result.errors = problems
        return result
    result.rows = len(rows)
    plans, errors = plan_rows(rows)
    if errors:
        result.errors = errors.sorted()
        return result
    name = Path(str(getattr(upload, "name", "") or "")).name[:100]
    try:
        with transaction.atomic():
            created = write_plans(plans, actor=actor, file_name=name)
            record(
                "problem.import",
                actor=actor,
                object_type="ledger.problem",
                request=request,
                data={
                    "rows": len(created),
                    "file": name,
                    "first": created[0].number if created else "",
                    "last": created[-1].number if created else "",
                },
            )
    except RowFailed as failure:
        result.errors = failure.errors
        return result
    result.created = [p.number for p in created]
    return result
