"""The Chinese names a ledger sheet uses for statuses, sources, priorities and yes/no.

These are a data format shared by the export and the import (an office's sheet says 已结案,
not "closed"), so they are fixed strings, not interface translations: a sheet exported by a
user who reads English must still import.
"""

from __future__ import annotations

from zhengzhi.ledger.models import Pending, Priority, Source, Status

STATUS_NAMES = {
    Status.REPORTED: "待立案",
    Status.REJECTED: "不予立案",
    Status.REGISTERED: "待派遣",
    Status.DISPATCHED: "已派遣",
    Status.ACCEPTED: "处置中",
    Status.DEFERRED: "挂账",
    Status.REPORTED_BACK: "待核查",
    Status.CLOSED: "已结案",
    Status.MERGED: "已合并",
}
STATUS_ALIASES = {
    "已上报": Status.REPORTED,
    "待受理": Status.REPORTED,
    "已立案": Status.REGISTERED,
    "待签收": Status.DISPATCHED,
    "已签收": Status.ACCEPTED,
    "整改中": Status.ACCEPTED,
    "办理中": Status.ACCEPTED,
    "已挂账": Status.DEFERRED,
    "已反馈": Status.REPORTED_BACK,
    "待核实": Status.REPORTED_BACK,
    "已销号": Status.CLOSED,
    "已办结": Status.CLOSED,
    "已完成": Status.CLOSED,
    "已整改": Status.CLOSED,
    "结案": Status.CLOSED,
    "销号": Status.CLOSED,
}

SOURCE_NAMES = {
    Source.INSPECTION: "督查检查",
    Source.PUBLIC: "群众举报",
    Source.HOTLINE: "热线",
    Source.COVERT: "暗访",
    Source.MEDIA: "媒体曝光",
    Source.REFERRAL: "上级交办",
    Source.PATROL: "网格巡查",
}
SOURCE_ALIASES = {
    "检查": Source.INSPECTION,
    "督查": Source.INSPECTION,
    "明查": Source.INSPECTION,
    "举报": Source.PUBLIC,
    "群众投诉": Source.PUBLIC,
    "投诉": Source.PUBLIC,
    "12345": Source.HOTLINE,
    "12345热线": Source.HOTLINE,
    "热线电话": Source.HOTLINE,
    "暗查": Source.COVERT,
    "暗访检查": Source.COVERT,
    "媒体": Source.MEDIA,
    "媒体报道": Source.MEDIA,
    "交办": Source.REFERRAL,
    "上级转办": Source.REFERRAL,
    "巡查": Source.PATROL,
    "巡查发现": Source.PATROL,
    "网格员上报": Source.PATROL,
}

PRIORITY_NAMES = {
    Priority.URGENT: "紧急",
    Priority.HIGH: "较高",
    Priority.NORMAL: "一般",
    Priority.LOW: "较低",
}
PRIORITY_ALIASES = {
    "特急": Priority.URGENT,
    "高": Priority.HIGH,
    "普通": Priority.NORMAL,
    "低": Priority.LOW,
}

PENDING_NAMES = {
    Pending.RETURN: "退回待审批",
    Pending.EXTENSION: "延期待审批",
    Pending.DEFERRAL: "挂账待审批",
}

YES, NO = "是", "否"
YES_WORDS = {"是", "Y", "y", "yes", "Yes", "1", "true", "True", "按期", "√"}
NO_WORDS = {"否", "N", "n", "no", "No", "0", "false", "False", "超期", "逾期", "×"}


def lookup(text: str, names: dict, aliases: dict, values) -> str | None:
    """A cell's text as a code: the sheet name, an alias or the code itself; None if unknown."""
    text = text.strip()
    for code, name in names.items():
        if text == name:
            return str(code)
    if text in aliases:
        return str(aliases[text])
    lowered = text.lower()
    return lowered if lowered in {str(v) for v in values} else None
