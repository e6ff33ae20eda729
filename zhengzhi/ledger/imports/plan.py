"""Checking a ledger sheet row by row and planning the problem each row becomes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.ledger.exports.names import (
    NO_WORDS,
    PRIORITY_ALIASES,
    PRIORITY_NAMES,
    SOURCE_ALIASES,
    SOURCE_NAMES,
    STATUS_ALIASES,
    STATUS_NAMES,
    YES_WORDS,
)
from zhengzhi.ledger.imports.cells import (
    CellError,
    References,
    parse_count,
    parse_date,
    parse_datetime,
    parse_float,
)
from zhengzhi.ledger.models import Priority, Problem, Source, Status
from zhengzhi.ledger.services.deadlines import stage_deadlines, verify_deadline
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.intake import place
from zhengzhi.org.importing.workbook import Column, Errors, Row
from zhengzhi.org.models import TerritoryLevel
from zhengzhi.workcal.calendar import WorkCalendar

STATUS_CHOICES = tuple(n for s, n in STATUS_NAMES.items() if s != Status.MERGED)
COLUMNS = [
    Column("number", "编号", aliases=("问题编号", "案卷编号", "案件编号")),
    Column(
        "source",
        "来源",
        required=True,
        aliases=("问题来源",),
        width=10,
        choices=tuple(SOURCE_NAMES.values()),
    ),
    Column("main_category", "大类", aliases=("问题大类",)),
    Column("category", "小类", aliases=("问题小类", "问题类别", "类别"), width=16),
    Column("category_code", "类别编码", width=10),
    Column("description", "问题描述", required=True, aliases=("问题内容", "描述"), width=40),
    Column("address", "地址", aliases=("地点", "问题地址", "具体位置", "位置"), width=28),
    Column("lon", "经度", width=11),
    Column("lat", "纬度", width=11),
    Column("grid_code", "网格编码", width=17),
    Column("grid", "网格", width=12),
    Column("community", "社区", aliases=("所属社区", "社区/村"), width=12),
    Column("street", "街道", aliases=("所属街道", "街道/乡镇", "乡镇"), width=12),
    Column("owner", "责任单位", aliases=("承办单位", "责任主体"), width=14),
    Column("supporting", "配合部门", aliases=("协办单位", "配合单位"), width=14),
    Column("priority", "优先级", width=8, choices=tuple(PRIORITY_NAMES.values())),
    Column("status", "状态", aliases=("办理状态", "问题状态"), width=9, choices=STATUS_CHOICES),
    Column(
        "reported_at",
        "上报时间",
        required=True,
        aliases=("发现时间", "上报日期", "发现日期", "受理时间"),
        width=17,
    ),
    Column("registered_at", "立案时间", width=17),
    Column("dispatched_at", "派遣时间", aliases=("交办时间",), width=17),
    Column("accepted_at", "签收时间", width=17),
    Column("due_at", "处置时限", aliases=("整改时限", "办理时限", "截止时间"), width=17),
    Column("reported_back_at", "反馈时间", width=17),
    Column("verify_due_at", "核查时限", width=17),
    Column("closed_at", "结案时间", aliases=("办结时间", "销号时间", "完成时间"), width=17),
    Column("closed_on_time", "是否按期", aliases=("按期结案",), width=9, choices=("是", "否")),
    Column("return_count", "退回次数", width=9),
    Column("extension_count", "延期次数", width=9),
    Column("rework_count", "返工次数", width=9),
    Column("recurrence_count", "反弹次数", width=9),
    Column("report_count", "上报次数", width=9),
    Column("deferred_until", "挂账至", aliases=("挂账期限",), width=11),
    Column("reject_reason", "不予立案原因", aliases=("不立案原因",), width=20),
]
# How far along the loop each status is: the step times it implies.
STAGE = {
    Status.REPORTED: 0,
    Status.REJECTED: 0,
    Status.REGISTERED: 1,
    Status.DISPATCHED: 2,
    Status.ACCEPTED: 3,
    Status.DEFERRED: 3,
    Status.REPORTED_BACK: 4,
    Status.CLOSED: 5,
}
STEP_TIMES = ("registered_at", "dispatched_at", "accepted_at", "reported_back_at", "closed_at")
NUMBER_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_\-/]{0,19}$")
OUR_NUMBER_RE = re.compile(r"^(\d{4})-(\d{6,})$")
MAX_DESCRIPTION = 5000
MAX_ADDRESS = 200
MAX_REASON = 200
FUTURE_SLACK = dt.timedelta(minutes=10)


@dataclass
class Plan:
    row: int
    number: str  # "" when the system numbers it
    year: int
    fields: dict[str, Any] = field(default_factory=dict)


class _Row:
    """One row being checked: reads cells and collects their errors."""

    def __init__(self, row: Row, errors: Errors):
        self.row, self.errors, self.failed = row, errors, False

    def has(self, key: str) -> bool:
        return key in self.row.values

    def text(self, key: str) -> str:
        return self.row[key].strip()

    def error(self, key: str, message) -> None:
        self.errors.add(self.row.number, key, str(message))
        self.failed = True

    def read(self, key: str, reader, *args):
        try:
            return reader(self.row[key], *args)
        except CellError as exc:
            self.error(key, exc)
            return None


def _choice(text: str, names: dict, aliases: dict, values) -> str | None:
    text = text.strip()
    for code, name in names.items():
        if text == name:
            return str(code)
    if text in aliases:
        return str(aliases[text])
    lowered = text.lower()
    return lowered if lowered in {str(v) for v in values} else None


def plan_rows(rows: list[Row]) -> tuple[list[Plan], Errors]:
    errors = Errors(COLUMNS)
    refs = References()
    calendar = WorkCalendar.load()
    given = [r["number"].strip() for r in rows if r["number"].strip()]
    taken = set(Problem.objects.filter(number__in=given).values_list("number", flat=True))
    first_row: dict[str, int] = {}
    plans = []
    now = timezone.now()
    for row in rows:
        r = _Row(row, errors)
        number = _number(r, taken, first_row)
        fields = _plan(r, refs, calendar, now)
        if not r.failed:
            year = timezone.localtime(fields["reported_at"]).year
            plans.append(Plan(row.number, number, year, fields))
    return plans, errors


def _number(r: _Row, taken: set[str], first_row: dict[str, int]) -> str:
    number = r.text("number")
    if not number:
        return ""
    if not NUMBER_RE.match(number):
        r.error(
            "number",
            _("“%(v)s” is not a usable number: up to 20 letters, digits, - / and _.")
            % {"v": number},
        )
    elif number in first_row:
        r.error(
            "number",
            _("The number %(v)s is already used in row %(row)d.")
            % {"v": number, "row": first_row[number]},
        )
    elif number in taken:
        r.error("number", _("The number %(v)s is already in the ledger.") % {"v": number})
    first_row.setdefault(number, r.row.number)
    return number


def _plan(r: _Row, refs: References, calendar: WorkCalendar, now: dt.datetime) -> dict:
    f: dict[str, Any] = {}
    source = r.text("source")
    f["source"] = _choice(source, SOURCE_NAMES, SOURCE_ALIASES, Source.values)
    if not source:
        r.error("source", _("Give the source."))
    elif f["source"] is None:
        r.error("source", _("Unknown source “%(v)s”.") % {"v": source})
    category = r.read("category", refs.category, r.row["main_category"], r.row["category_code"])
    description = r.text("description")
    if not description:
        r.error("description", _("Please describe the problem."))
    elif len(description) > MAX_DESCRIPTION:
        r.error(
            "description",
            _("The description is longer than %(n)d characters.") % {"n": MAX_DESCRIPTION},
        )
    address = r.text("address")
    if len(address) > MAX_ADDRESS:
        r.error("address", _("The address is longer than %(n)d characters.") % {"n": MAX_ADDRESS})
    f.update(description=description, address=address[:MAX_ADDRESS])
    _place(r, refs, f)
    status = _status(r)
    times = _times(r, status, now)
    _units(r, refs, f, category, status)
    f["priority"] = _priority(r, category)
    for key in ("return_count", "extension_count", "rework_count", "recurrence_count"):
        f[key] = r.read(key, parse_count) or 0
    f["report_count"] = max(r.read("report_count", parse_count) or 1, 1)
    f["deferred_until"] = r.read("deferred_until", parse_date)
    f["reject_reason"] = r.text("reject_reason")
    if len(f["reject_reason"]) > MAX_REASON:
        r.error(
            "reject_reason", _("The reason is longer than %(n)d characters.") % {"n": MAX_REASON}
        )
    if status == Status.REJECTED and not f["reject_reason"]:
        r.error("reject_reason", _("A problem not registered needs the reason."))
    if status == Status.DEFERRED and f["deferred_until"] is None:
        r.error("deferred_until", _("A deferred problem needs the date it is deferred until."))
    if r.failed or category is None or status is None or times is None:
        return f
    f.update(times)
    f.update(category=category, main_category_id=category.parent_id, status=status)
    _deadlines(r, f, category, calendar)
    return f


def _place(r: _Row, refs: References, f: dict) -> None:
    lon = r.read("lon", parse_float, -180.0, 180.0, _("longitude"))
    lat = r.read("lat", parse_float, -90.0, 90.0, _("latitude"))
    if (lon is None) != (lat is None) and not r.failed:
        r.error("lon" if lon is None else "lat", _("Give both the longitude and the latitude."))
        return
    f.update(lon=lon, lat=lat)
    if lon is not None and lat is not None:
        try:
            where = place(lon, lat)
        except MoveError as exc:
            r.error("lon", exc.message)
            return
        if where.via == "none":
            r.error(
                "lon",
                _("The point %(lon)s, %(lat)s lies outside the territory.")
                % {"lon": lon, "lat": lat},
            )
            return
        f.update(
            grid_id=where.grid_id,
            community_id=where.community_id,
            street_id=where.street_id,
            placed_owner_id=where.owner_unit_id,
        )
        return
    if not f["address"] and not r.failed:
        r.error("address", _("Give the place: the coordinates or an address."))
    # 网格编码, or a 15-digit code in the 网格 column (a grid's name alone is not enough).
    key = "grid_code" if r.text("grid_code") or not r.text("grid").isdigit() else "grid"
    grid = r.read(key, refs.grid)
    community = r.read("community", refs.territory, TerritoryLevel.COMMUNITY)
    if community is None and grid is not None:
        community = refs.unit_by_id.get(grid.community_id)
    street = r.read("street", refs.territory, TerritoryLevel.STREET)
    if street is None and community is not None:
        street = refs.parent_territory(community)
    f.update(
        grid_id=grid.pk if grid else None,
        community_id=community.pk if community else None,
        street_id=street.pk if street else None,
        placed_owner_id=(community or street).pk if (community or street) else None,
    )


def _status(r: _Row) -> str | None:
    text = r.text("status")
    if not text:
        for key, status in (
            ("closed_at", Status.CLOSED),
            ("reported_back_at", Status.REPORTED_BACK),
            ("accepted_at", Status.ACCEPTED),
            ("dispatched_at", Status.DISPATCHED),
            ("registered_at", Status.REGISTERED),
        ):
            if r.text(key):
                return status
        return Status.REPORTED
    status = _choice(text, STATUS_NAMES, STATUS_ALIASES, Status.values)
    if status == Status.MERGED:
        r.error(
            "status",
            _("Merged problems are not imported: import the problem they were merged into."),
        )
        return None
    if status is None:
        r.error(
            "status",
            _("Unknown status “%(v)s”: use one of %(names)s.")
            % {"v": text, "names": "、".join(STATUS_CHOICES)},
        )
    return status


def _times(r: _Row, status: str | None, now: dt.datetime) -> dict | None:
    reported = r.read("reported_at", parse_datetime)
    if reported is None and not r.text("reported_at"):
        r.error("reported_at", _("Give the time the problem was reported."))
    times = {key: r.read(key, parse_datetime) for key in (*STEP_TIMES, "due_at", "verify_due_at")}
    closed, back = times["closed_at"], times["reported_back_at"]
    if status == Status.CLOSED and closed is None and not r.text("closed_at"):
        r.error("closed_at", _("A closed problem needs the time it was closed."))
    if status not in (None, Status.CLOSED) and closed is not None:
        r.error("status", _("A problem with a closing time must have the status 已结案."))
    if reported is None or status is None:
        return None
    for key in ("reported_at", *STEP_TIMES):
        value = reported if key == "reported_at" else times[key]
        if value is not None and value > now + FUTURE_SLACK:
            r.error(key, _("The time lies in the future."))
        if value is not None and value < reported:
            r.error(key, _("The time is before the time reported."))
    if closed and back and closed < back:
        r.error("closed_at", _("The problem cannot be closed before it was reported back."))
    stage = STAGE[status]
    # An empty step time takes the time of the step before (a closed problem's report-back
    # time its closing time: the unit did not report later than that).
    previous = reported
    for index, key in enumerate(STEP_TIMES[:-1], start=1):
        if times[key] is None and stage >= index:
            times[key] = closed if key == "reported_back_at" and closed else previous
        previous = times[key] or previous
    times["reported_at"] = reported
    return times


def _units(r: _Row, refs: References, f: dict, category, status: str | None) -> None:
    placed_owner = f.pop("placed_owner_id", None)
    if r.has("owner"):
        owner = r.read("owner", refs.unit)
        owner_id = owner.pk if owner else (placed_owner if status == Status.REPORTED else None)
        if owner_id is None and status is not None and STAGE[status] >= 2 and not r.text("owner"):
            r.error("owner", _("A dispatched problem needs its owner unit."))
    else:
        owner_id = placed_owner
    f["owner_unit_id"] = owner_id
    supporting = r.read("supporting", refs.unit)
    f["supporting_unit_id"] = (
        supporting.pk if supporting else (category.department_id if category else None)
    )


def _priority(r: _Row, category) -> int:
    text = r.text("priority")
    if not text:
        return category.priority if category else Priority.NORMAL
    value = _choice(text, PRIORITY_NAMES, PRIORITY_ALIASES, [str(v) for v in Priority.values])
    if value is None:
        r.error(
            "priority",
            _("Unknown priority “%(v)s”: use %(names)s.")
            % {"v": text, "names": "、".join(PRIORITY_NAMES.values())},
        )
        return Priority.NORMAL
    return int(value)


def _deadlines(r: _Row, f: dict, category, calendar: WorkCalendar) -> None:
    stage = STAGE[f["status"]]
    if stage >= 2 and f["dispatched_at"] is not None:
        f["stage_deadlines"] = stage_deadlines(category, f["dispatched_at"], calendar)
        if f["due_at"] is None:
            f["due_at"] = dt.datetime.fromisoformat(f["stage_deadlines"][-1]["due_at"])
    if f["verify_due_at"] is None and stage >= 4 and f["reported_back_at"] is not None:
        f["verify_due_at"] = verify_deadline(category, f["reported_back_at"], calendar)
    on_time = r.text("closed_on_time")
    if f["status"] != Status.CLOSED:
        f["closed_on_time"] = None
    elif on_time in YES_WORDS or on_time in NO_WORDS:
        f["closed_on_time"] = on_time in YES_WORDS
    elif on_time:
        r.error("closed_on_time", _("Write 是 or 否."))
    else:
        back, due = f["reported_back_at"], f["due_at"]
        f["closed_on_time"] = bool(due and back and back <= due)
