"""The ledger (台账) as an Excel sheet, with the columns an office keeps.

`write_ledger_xlsx(qs, path)` streams any number of problems: the queryset is read in keyset
batches (newest first, by reported_at and id) with its names joined in the same query (no
N+1), and each batch goes straight into the sheet. The caller decides which problems: the
ledger's filters and the user's scope (`ledger.selectors.filter_problems`).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BigIntegerField, F, Func, Q, QuerySet
from django.utils import timezone

from zhengzhi.accounts.models import User
from zhengzhi.ledger.exports.names import (
    NO,
    PENDING_NAMES,
    PRIORITY_NAMES,
    SOURCE_NAMES,
    STATUS_NAMES,
    YES,
)
from zhengzhi.ledger.exports.xlsx import DATE, EPOCH, FLOAT, INT, SheetColumn, SheetWriter
from zhengzhi.ledger.models import RUNNING_STATUSES, Category, Problem
from zhengzhi.org.models import Unit
from zhengzhi.territory.models import Grid

BATCH = 2000
SHEET_TITLE = "问题台账"
Progress = Callable[[int, int], None]

# The sheet's columns. The headers are the data format the import reads back (Chinese, fixed).
COLUMNS = [
    SheetColumn("编号", width=14),
    SheetColumn("来源", width=10, repeats=True),
    SheetColumn("大类", width=12, repeats=True),
    SheetColumn("小类", width=16, repeats=True),
    SheetColumn("类别编码", width=9, repeats=True),
    SheetColumn("问题描述", width=40),
    SheetColumn("地址", width=28),
    SheetColumn("经度", FLOAT, width=11),
    SheetColumn("纬度", FLOAT, width=11),
    SheetColumn("网格", width=12, repeats=True),
    SheetColumn("网格编码", width=17, repeats=True),
    SheetColumn("社区", width=12, repeats=True),
    SheetColumn("街道", width=12, repeats=True),
    SheetColumn("责任单位", width=14, repeats=True),
    SheetColumn("配合部门", width=14, repeats=True),
    SheetColumn("优先级", width=7, repeats=True),
    SheetColumn("状态", width=9, repeats=True),
    SheetColumn("待审批事项", width=11, repeats=True),
    SheetColumn("上报时间", EPOCH, width=17),
    SheetColumn("立案时间", EPOCH, width=17),
    SheetColumn("派遣时间", EPOCH, width=17),
    SheetColumn("签收时间", EPOCH, width=17),
    SheetColumn("处置时限", EPOCH, width=17),
    SheetColumn("反馈时间", EPOCH, width=17),
    SheetColumn("核查时限", EPOCH, width=17),
    SheetColumn("结案时间", EPOCH, width=17),
    SheetColumn("是否按期", width=9, repeats=True),
    SheetColumn("是否超期", width=9, repeats=True),
    SheetColumn("退回次数", INT, width=9),
    SheetColumn("延期次数", INT, width=9),
    SheetColumn("返工次数", INT, width=9),
    SheetColumn("反弹次数", INT, width=9),
    SheetColumn("上报次数", INT, width=9),
    SheetColumn("挂账至", DATE, width=11),
    SheetColumn("不予立案原因", width=20),
    SheetColumn("合并至", width=14),
    SheetColumn("上报人", width=10, repeats=True),
]
HEADERS = [c.header for c in COLUMNS]

# The timestamps the sheet shows, read as whole seconds since 1970 computed by the database.
# Half of an export's time went into making eight datetime objects a row (SQLite hands
# timestamps over as text for Python to parse) and turning each back into a number for Excel.
TIMES = (
    "reported_at",
    "registered_at",
    "dispatched_at",
    "accepted_at",
    "due_at",
    "reported_back_at",
    "verify_due_at",
    "closed_at",
)


class Epoch(Func):
    """A timestamp as whole seconds since 1970 (UTC), truncated as datetime.timestamp() is."""

    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        # Django keeps SQLite timestamps as UTC text, which strftime reads. (%%%%s: the template
        # halves it, and the backend's placeholder conversion halves it again.)
        template = "CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "CAST(FLOOR(EXTRACT(EPOCH FROM %(expressions)s)) AS BIGINT)"
        return self.as_sql(compiler, connection, template=template, **extra)


EPOCHS = {f"{name}_s": Epoch(F(name)) for name in TIMES}

# What one batch query reads: the problem's own columns only. The names behind its foreign
# keys (units, categories, grids, people, masters) are looked up once per batch for the ids
# the batch holds, so a batch costs one index range scan plus a few small IN queries, never a
# query per row, and the main query needs no joins (nine joins made PostgreSQL hash whole
# tables for every batch).
FIELDS = (
    "id",
    "number",
    "source",
    "main_category_id",
    "category_id",
    "description",
    "address",
    "lon",
    "lat",
    "grid_id",
    "community_id",
    "street_id",
    "owner_unit_id",
    "supporting_unit_id",
    "priority",
    "status",
    "pending",
    *EPOCHS,
    "closed_on_time",
    "return_count",
    "extension_count",
    "rework_count",
    "recurrence_count",
    "report_count",
    "deferred_until",
    "reject_reason",
    "master_id",
    "reported_by_id",
    "reported_at",  # the batches' keyset, to the microsecond: the one datetime made a row
)
_AT = FIELDS.index("reported_at")


def export_values(qs: QuerySet[Problem]) -> QuerySet:
    """The rows of FIELDS, newest first."""
    return qs.order_by("-reported_at", "-id").annotate(**EPOCHS).values_list(*FIELDS)


def iter_batches(qs: QuerySet[Problem], size: int = BATCH) -> Iterator[list[tuple]]:
    """Rows of FIELDS, newest first, a batch at a time. Each batch starts after the last row
    of the previous one (keyset), so a deep batch costs what the first does; the redundant
    `reported_at <= last` lets the database walk the (reported_at, id) index from there."""
    qs = export_values(qs)
    after: tuple[dt.datetime, int] | None = None
    while True:
        page = qs
        if after is not None:
            at, pk = after
            page = qs.filter(Q(reported_at__lte=at), Q(reported_at__lt=at) | Q(id__lt=pk))
        rows = _fetch(page[:size])
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        after = (rows[-1][_AT], rows[-1][0])


def _fetch(page: QuerySet) -> list[tuple]:
    """The rows of one batch, read past Django's per-value converters (a call per value): on
    PostgreSQL with psycopg's own C timestamp loader, on SQLite as the driver parses them
    (naive UTC, made aware here). The values are those the ORM gives; any other database, or an
    unexpected column order, takes the ORM."""
    connection = connections[page.db]
    if connection.vendor not in ("postgresql", "sqlite"):
        return list(page)
    try:
        sql, params = page.query.get_compiler(using=page.db).as_sql()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg.types.datetime import TimestamptzLoader

            cursor.cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        cursor.execute(sql, params)
        if [column[0] for column in cursor.description] != list(FIELDS):
            return list(page)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        utc = dt.UTC
        rows = [(*row[:-1], row[-1].replace(tzinfo=utc)) for row in rows]
    return rows


class Names:
    """id -> name for the foreign keys of the rows, filled a batch at a time."""

    def __init__(self) -> None:
        self.categories = {
            pk: (name, code)
            for pk, name, code in Category.objects.values_list("id", "name", "code")
        }
        self.units: dict[int, str] = {}
        self.grids: dict[int, tuple[str, str]] = {}
        self.people: dict[int, str] = {}
        self.masters: dict[int, str] = {}

    def load(self, rows: list[tuple]) -> None:
        def missing(columns: tuple[str, ...], known: dict) -> set[int]:
            positions = [FIELDS.index(c) for c in columns]
            ids = {row[i] for row in rows for i in positions}
            ids.discard(None)
            return ids - known.keys()

        unit_columns = ("community_id", "street_id", "owner_unit_id", "supporting_unit_id")
        if ids := missing(unit_columns, self.units):
            self.units.update(Unit.objects.filter(pk__in=ids).values_list("id", "name"))
        if ids := missing(("grid_id",), self.grids):
            grids = Grid.objects.filter(pk__in=ids).values_list("id", "name", "code")
            self.grids.update((pk, (name, code)) for pk, name, code in grids)
        if ids := missing(("reported_by_id",), self.people):
            people = User.objects.filter(pk__in=ids).values_list("id", "full_name", "username")
            self.people.update((pk, full or username) for pk, full, username in people)
        if ids := missing(("master_id",), self.masters):
            self.masters.update(Problem.objects.filter(pk__in=ids).values_list("id", "number"))


_NO_GRID = ("", "")


def sheet_rows(rows: list[tuple], names: Names, now: dt.datetime) -> Iterator[list]:
    """Database rows as sheet rows (times stay seconds since 1970: the sheet writer shows them
    local)."""
    running = set(RUNNING_STATUSES)
    now_s = int(now.timestamp())
    units, categories, grids = names.units.get, names.categories, names.grids.get
    people, masters = names.people.get, names.masters.get
    for (
        _pk,
        number,
        source,
        main_id,
        sub_id,
        description,
        address,
        lon,
        lat,
        grid_id,
        community_id,
        street_id,
        owner_id,
        supporting_id,
        priority,
        status,
        pending,
        reported_at,
        registered_at,
        dispatched_at,
        accepted_at,
        due_at,
        reported_back_at,
        verify_due_at,
        closed_at,
        closed_on_time,
        returns,
        extensions,
        reworks,
        recurrences,
        reports,
        deferred_until,
        reject_reason,
        master_id,
        reporter_id,
        _keyset_at,
    ) in rows:
        sub_name, sub_code = categories[sub_id]
        grid_name, grid_code = grids(grid_id, _NO_GRID)
        overdue = status in running and due_at is not None and due_at < now_s
        yield [
            number,
            SOURCE_NAMES.get(source, source),
            categories[main_id][0],
            sub_name,
            sub_code,
            description,
            address,
            lon,
            lat,
            grid_name,
            grid_code,
            units(community_id),
            units(street_id),
            units(owner_id),
            units(supporting_id),
            PRIORITY_NAMES.get(priority, priority),
            STATUS_NAMES.get(status, status),
            PENDING_NAMES.get(pending, ""),
            reported_at,
            registered_at,
            dispatched_at,
            accepted_at,
            due_at,
            reported_back_at,
            verify_due_at,
            closed_at,
            None if closed_on_time is None else (YES if closed_on_time else NO),
            YES if overdue else NO,
            returns,
            extensions,
            reworks,
            recurrences,
            reports,
            deferred_until,
            reject_reason,
            masters(master_id),
            people(reporter_id),
        ]


def write_ledger_xlsx(
    qs: QuerySet[Problem],
    path: str | os.PathLike,
    *,
    progress: Progress | None = None,
    total: int | None = None,
) -> int:
    """Writes the problems of `qs` to an .xlsx at `path`; returns the number of rows.

    `progress(done, total)` is called after each batch. The file appears complete or not at
    all: it is written next to its place and renamed into it at the end.
    """
    path = Path(path)
    if total is None and progress is not None:
        total = qs.count()
    # A name of its own: two runs of the same job (a worker taken for dead) never share a file.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    now, tz = timezone.now(), timezone.get_current_timezone()
    done = 0
    try:
        with SheetWriter(tmp, SHEET_TITLE, COLUMNS, tz=tz) as sheet:
            names = Names()
            for rows in iter_batches(qs, BATCH):
                names.load(rows)
                done += sheet.write_rows(list(sheet_rows(rows, names, now)))
                if progress is not None:
                    progress(done, max(total or 0, done))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return done
