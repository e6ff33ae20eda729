"""Helpers of the export, import and API tests: a ledger with a problem in every state, and
reading a workbook back."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from openpyxl import Workbook, load_workbook

from zhengzhi.ledger.services import moves
from zhengzhi.ledger.tests.pages_support import close_checked


def build_ledger(new_problem, staff, units) -> dict:
    """One problem per state (and detour): name -> problem, as it is now."""
    d, h, i = staff["dispatcher"], staff["handler"], staff["inspector"]
    made = {"reported": new_problem(description="暴露垃圾未清运", category="0101")}

    def dispatched(**kw):
        p = new_problem(**kw)
        moves.register(p.pk, actor=d)
        return moves.dispatch(p.pk, actor=d)

    p = new_problem(description="流动摊贩聚集")
    made["registered"] = moves.register(p.pk, actor=d)
    made["dispatched"] = dispatched(description="沿街乱堆物料", category="0403")
    p = dispatched(description="店外经营")
    made["accepted"] = moves.accept(p.pk, actor=h)
    p = dispatched(description="乱张贴小广告", category="0201")
    moves.accept(p.pk, actor=h)
    made["reported_back"] = moves.report_back(p.pk, actor=h, note="已清除")
    p = dispatched(description="占道经营 & <夜市>")
    moves.accept(p.pk, actor=h)
    moves.report_back(p.pk, actor=h, note="已劝离")
    made["closed"] = close_checked(p.pk, actor=i, note="核查通过")
    p = new_problem(description="重复上报")
    made["rejected"] = moves.reject(p.pk, actor=d, reason="非城市管理问题")
    p = dispatched(description="违章搭建需拆除", category="0501")
    moves.accept(p.pk, actor=h)
    moves.request_deferral(
        p.pk,
        actor=h,
        reason="需规划审批",
        plan="三个月内拆除",
        target_date=timezone.localdate() + dt.timedelta(days=60),
    )
    made["deferred"] = moves.decide_request(p.pk, actor=staff["shiftlead"], approve=True)
    p = dispatched(description="桃园社区垃圾满溢", lon=120.015, category="2301", by="c2_handler")
    made["other_community"] = p
    p = dispatched(description="返工又反弹")
    moves.accept(p.pk, actor=h)
    moves.report_back(p.pk, actor=h, note="已处理")
    moves.rework(p.pk, actor=i, note="仍有残留")
    moves.report_back(p.pk, actor=h, note="已彻底清理")
    close_checked(p.pk, actor=i)
    made["reopened"] = moves.reopen(p.pk, actor=i, note="又出现")
    made["address_only"] = new_problem(lon=None, lat=None, address="西门外无名小巷")
    for key, problem in made.items():
        problem.refresh_from_db()
        made[key] = problem
    return made


def read_sheet(source) -> tuple[list[str], list[dict]]:
    """(headers, rows as dicts) of the first sheet of a workbook (a path or bytes)."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    workbook = load_workbook(source, read_only=True)
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    headers = [str(h) for h in rows[0]]
    return headers, [dict(zip(headers, row, strict=False)) for row in rows[1:]]


def workbook_bytes(headers: list[str], rows: list[list]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "台账.xlsx"
    return buffer


def local(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as the sheet shows it: local, to the second."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0)
