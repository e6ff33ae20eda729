"""The dispatch sheet's queries, worded to be cheap to build on every request: the GROUP BY over
the reports with the day's and the counting conditions, the burn-up rows converted once per
value, and the ledger's figures of the campaign, each as SQL with placeholders (sheet.py builds
the sheet from them)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

from django.db import connections
from django.db.models import Count, Sum
from django.utils import timezone

from zhengzhi.campaigns.models import (
    Campaign,
    CampaignProblem,
    Frequency,
    Milestone,
    ProgressReport,
)
from zhengzhi.campaigns.rules import Rule, period_start
from zhengzhi.core import rawsql


def report_figures(
    campaign_id: int,
    day: dt.date,
    tasks,
    since_of: dict,
    *,
    slots: int,
    assignment_ids: list[int] | None,
) -> dict[int, dict]:
    """Per assignment, over the campaign's current reports up to the day: the cumulative figure,
    the day's figure, how many of the day's reports came late (of slots that count) and how many
    reports each of the day's first `slots` slots has. assignment_ids None: every assignment.

    Written as SQL with placeholders, not as ORM aggregates: building and compiling the
    conditional sums cost more than running them on a unit's sheet. The values go through the
    converters Django gives the same aggregates (_converters), so they are the same Decimals and
    ints on SQLite and PostgreSQL."""
    connection = connections[ProgressReport.objects.db]
    qn = connection.ops.quote_name
    table = qn(ProgressReport._meta.db_table)

    def col(name: str) -> str:
        return f"{table}.{qn(ProgressReport._meta.get_field(name).column)}"

    today, today_params = _today_sql(tasks, day, col, connection)
    counting = _counting_sql(tasks, since_of, day, col, connection)
    late, late_params = f"{today} AND {col('late')}", list(today_params)
    if counting is not None:
        late = f"{late} AND {counting[0]}"
        late_params += counting[1]
    figure = col("figure")
    columns = [
        f"SUM({figure})",
        f"SUM(CASE WHEN {today} THEN {figure} END)",
        f"COUNT(CASE WHEN {late} THEN 1 END)",
        *(f"COUNT(CASE WHEN {today} AND {col('slot')} = %s THEN 1 END)" for _ in range(slots)),
    ]
    params: list = [*today_params, *late_params]
    for i in range(slots):
        params += [*today_params, i]
    if assignment_ids is not None and not assignment_ids:
        return {}
    where, where_params = _reports_where(campaign_id, day, assignment_ids, col, connection)
    params += where_params
    # Placeholders only; quoted names.
    sql = (
        f"SELECT {col('assignment')}, {', '.join(columns)} FROM {table} "  # noqa: S608
        f"WHERE {where} GROUP BY {col('assignment')}"
    )
    converters = _converters(connection)
    to_sum, to_count = converters["sum"], converters["count"]
    names = ["cumulative", "today", "late", *(f"s{i}" for i in range(slots))]
    figures = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for assignment_id, *values in cursor.fetchall():
            row = {"assignment_id": assignment_id}
            for pos, (name, value) in enumerate(zip(names, values, strict=True)):
                row[name] = _convert(value, *(to_sum if pos < 2 else to_count), connection)
            figures[assignment_id] = row
    return figures


_CONVERTERS: dict[str, dict[str, tuple]] = {}


def _converters(connection) -> dict[str, tuple]:
    """The converters (with their expression) Django runs on the reports' Sum("figure"),
    Count("id") and the period column, found once per database: the raw values become what
    the ORM gave."""
    if connection.alias not in _CONVERTERS:
        query = ProgressReport.objects.all().query
        expressions = {
            "sum": Sum("figure").resolve_expression(query, allow_joins=False, summarize=True),
            "count": Count("id").resolve_expression(query, allow_joins=False, summarize=True),
            "period": ProgressReport._meta.get_field("period").get_col(query.get_meta().db_table),
        }
        _CONVERTERS[connection.alias] = {
            name: (
                tuple(
                    connection.ops.get_db_converters(expression)
                    + expression.get_db_converters(connection)
                ),
                expression,
            )
            for name, expression in expressions.items()
        }
    return _CONVERTERS[connection.alias]


def _convert(value, convs, expression, connection):
    for convert in convs:
        value = convert(value, expression, connection)
    return value


def _today_sql(tasks, day: dt.date, col, connection) -> tuple[str, list]:
    """The reports of the day's period of their task. Every report the sheet sums is of one of
    `tasks` (a unit's assignments are visible only through tasks it sees), so when they all
    report at the same frequency the period alone says it: no list of task ids."""
    adapt = connection.ops.adapt_datefield_value
    by_freq: dict[str, list[int]] = defaultdict(list)
    for t in tasks:
        by_freq[t.frequency].append(t.pk)
    if len(by_freq) == 1 and Frequency.NONE not in by_freq:
        (freq,) = by_freq
        return f"{col('period')} = %s", [adapt(period_start(Rule(freq), day))]
    parts, params = [], []
    for freq, ids in by_freq.items():
        if freq == Frequency.NONE:
            continue
        marks = ", ".join(["%s"] * len(ids))
        parts.append(f"({col('task')} IN ({marks}) AND {col('period')} = %s)")
        params += [*ids, adapt(period_start(Rule(freq), day))]
    if not parts:
        return "1 = 0", []
    return f"({' OR '.join(parts)})", params


def _counting_sql(tasks, since_of: dict, day: dt.date, col, connection) -> tuple[str, list] | None:
    """Of the day's reports (_today_sql), those of slots that count: per group of tasks
    counting from the same moment, the cut-offs after it. A slot's cut-off is never before the
    first midnight of its period (rules.slots_of_period), so a task counting from before that
    midnight counts every report of the day's period: no condition for it. None: no condition
    at all (every task counts from before the day's period, the usual case)."""
    by_since: dict[dt.datetime, list[int]] = defaultdict(list)
    always: list[int] = []
    tz = timezone.get_current_timezone()
    midnights = {}
    for t in tasks:
        since = since_of[t.pk]
        if since is None:
            continue
        if t.frequency not in midnights:
            start = period_start(Rule(t.frequency), day)
            midnights[t.frequency] = timezone.make_aware(dt.datetime.combine(start, dt.time()), tz)
        if since < midnights[t.frequency]:
            always.append(t.pk)
        else:
            by_since[since].append(t.pk)
    if len(always) == len(tasks):
        return None
    parts, params = [], []
    if always:
        parts.append(f"{col('task')} IN ({', '.join(['%s'] * len(always))})")
        params += always
    if by_since:
        # The other tasks' moments in one CASE on the task; a task in no branch gets NULL: not
        # counted.
        branches = []
        for since, ids in by_since.items():
            branches.append(f"WHEN {col('task')} IN ({', '.join(['%s'] * len(ids))}) THEN %s")
            params += [*ids, connection.ops.adapt_datetimefield_value(since)]
        parts.append(f"{col('cutoff_at')} > CASE {' '.join(branches)} END")
    if not parts:
        return "1 = 0", []
    return f"({' OR '.join(parts)})", params


def task_rows(user, campaign: Campaign, fields: tuple[str, ...]) -> list[SimpleNamespace]:
    """The tasks of the campaign the user sees (visible_tasks), in the sheet's order, each with
    `fields` (attribute names of Task, "pk" for its id) and the names of its lead unit and phase
    (lead_unit_name, phase_name), as hand-written SQL: the ORM's query with its scope cost more
    to build than to run on every sheet."""
    from zhengzhi.campaigns.models import Phase, Task
    from zhengzhi.campaigns.scope import visible_tasks_sql
    from zhengzhi.org.models import Unit

    connection = connections[Task.objects.db]
    names = ["id" if f == "pk" else f.removesuffix("_id") for f in fields]
    qn = connection.ops.quote_name

    def t(name: str) -> str:
        return rawsql.col(Task, name, "t", connection)

    select = ", ".join(t(n) for n in names)
    unit_id, unit_name = (rawsql.col(Unit, n, "u", connection) for n in ("id", "name"))
    phase_id, phase_name = (rawsql.col(Phase, n, "p", connection) for n in ("id", "name"))
    sql = (
        f"SELECT {select}, {unit_name}, {phase_name} "  # noqa: S608
        f"FROM {rawsql.table(Task, connection)} {qn('t')} "
        f"LEFT JOIN {rawsql.table(Unit, connection)} {qn('u')} ON {unit_id} = {t('lead_unit')} "
        f"LEFT JOIN {rawsql.table(Phase, connection)} {qn('p')} ON {phase_id} = {t('phase')} "
        f"WHERE {t('campaign')} = %s"
    )
    params: list = [campaign.pk]
    scoped = visible_tasks_sql(user, "t", connection)
    if scoped is not None:
        sql += f" AND {scoped[0]}"
        params += scoped[1]
    sql += f" ORDER BY {t('order')}, {t('id')}"
    columns = [(Task, n) for n in names] + [None, None]
    keys = (*fields, "lead_unit_name", "phase_name")
    rows = rawsql.fetch(sql, params, columns)
    return [SimpleNamespace(**dict(zip(keys, row, strict=True))) for row in rows]


def assignment_rows(user, tasks) -> list[tuple[int, int, int, str, Decimal]]:
    """(assignment, task, unit, unit name, target) of the assignments the user sees of `tasks`
    (visible_assignments), by task and unit path, as hand-written SQL (see task_rows)."""
    from zhengzhi.campaigns.models import Assignment
    from zhengzhi.campaigns.scope import visible_assignments_of_sql
    from zhengzhi.org.models import Unit

    connection = connections[Assignment.objects.db]
    qn = connection.ops.quote_name
    where, params = visible_assignments_of_sql(user, tasks, "a", connection)

    def a(name: str) -> str:
        return rawsql.col(Assignment, name, "a", connection)

    sql = (
        f"SELECT {a('id')}, {a('task')}, {a('unit')}, "  # noqa: S608
        f"{rawsql.col(Unit, 'name', 'u', connection)}, {a('target')} "
        f"FROM {rawsql.table(Assignment, connection)} {qn('a')} "
        f"INNER JOIN {rawsql.table(Unit, connection)} {qn('u')} ON "
        f"{rawsql.col(Unit, 'id', 'u', connection)} = {a('unit')} "
        f"WHERE {where} ORDER BY {a('task')}, {rawsql.col(Unit, 'path', 'u', connection)}"
    )
    return rawsql.fetch(sql, params, [None, None, None, None, (Assignment, "target")])


def milestone_rows(task_ids: list[int]) -> list[tuple[int, dt.date, Decimal]]:
    """(task, due date, value) of the tasks' milestones, as SQL with placeholders: the ORM's
    query cost more to build than to run on every sheet. Values through Django's converters of
    the two columns (core.rawsql), so the same dates and Decimals."""
    if not task_ids:
        return []
    connection = connections[Milestone.objects.db]
    task, due_on, value = (
        rawsql.col(Milestone, n, Milestone._meta.db_table, connection)
        for n in ("task", "due_on", "value")
    )
    # Placeholders only; quoted names.
    sql = (
        f"SELECT {task}, {due_on}, {value} FROM {rawsql.table(Milestone, connection)} "  # noqa: S608
        f"WHERE {task} IN ({', '.join(['%s'] * len(task_ids))})"
    )
    return rawsql.fetch(sql, task_ids, [None, (Milestone, "due_on"), (Milestone, "value")])


def _reports_where(
    campaign_id: int, day: dt.date, assignment_ids: list[int] | None, col, connection
) -> tuple[str, list]:
    """The campaign's current reports up to the day (of the given assignments, or all)."""
    where = f"{col('campaign')} = %s AND {col('is_current')} AND {col('period')} <= %s"
    params: list = [campaign_id, connection.ops.adapt_datefield_value(day)]
    if assignment_ids is not None:
        where += f" AND {col('assignment')} IN ({', '.join(['%s'] * len(assignment_ids))})"
        params += assignment_ids
    return where, params


def burn_up_rows(
    campaign_id: int, day: dt.date, assignment_ids: list[int] | None
) -> list[tuple[int, dt.date, Decimal]]:
    """(task, period, sum of the figures) over the reports report_figures sums, as SQL with
    placeholders (no ORM query to build and compile). Thousands of rows with few distinct
    values (90 days, small sums): Django's converters for the period and the sum (on SQLite,
    parsing the date and making the Decimal) run once per distinct value, not on every row;
    same converters, same results."""
    if assignment_ids is not None and not assignment_ids:
        return []
    connection = connections[ProgressReport.objects.db]
    qn = connection.ops.quote_name
    table = qn(ProgressReport._meta.db_table)

    def col(name: str) -> str:
        return f"{table}.{qn(ProgressReport._meta.get_field(name).column)}"

    where, params = _reports_where(campaign_id, day, assignment_ids, col, connection)
    task, period = col("task"), col("period")
    # Placeholders only; quoted names.
    sql = (
        f"SELECT {task}, {period}, SUM({col('figure')}) FROM {table} "  # noqa: S608
        f"WHERE {where} GROUP BY {task}, {period}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return []
    converters = _converters(connection)
    columns = [list(column) for column in zip(*rows, strict=True)]
    for pos, name in ((1, "period"), (2, "sum")):
        convs, expression = converters[name]
        if not convs:
            continue
        column = columns[pos]
        done: dict = {}
        for i, value in enumerate(column):
            key = (value.__class__, value)  # 2 and 2.0 apart
            if key not in done:
                done[key] = _convert(value, convs, expression, connection)
            column[i] = done[key]
    return list(zip(*columns, strict=True))


def ledger_figures(campaign: Campaign, day: dt.date, *, user, now: dt.datetime) -> dict[str, int]:
    """The campaign's problems: new and closed on the day, overdue at the end of it (now, for
    today), open now and in all; scoped like the ledger list (visible_problems, as SQL). One
    aggregate written with placeholders: compiled by the ORM it cost more than it ran."""
    from zhengzhi.ledger.models import RUNNING_STATUSES, Problem, Status
    from zhengzhi.ledger.scope import visible_problems_sql

    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()), tz)
    end = start + dt.timedelta(days=1)
    at = min(end, now)
    connection = connections[Problem.objects.db]
    qn = connection.ops.quote_name
    table = qn(Problem._meta.db_table)
    link = qn(CampaignProblem._meta.db_table)

    def col(name: str) -> str:
        return f"{table}.{qn(Problem._meta.get_field(name).column)}"

    def when(moment: dt.datetime):
        return connection.ops.adapt_datetimefield_value(moment)

    status = col("status")
    if at >= now:
        overdue = f"{status} IN (%s, %s) AND {col('due_at')} < %s"
        overdue_params = [*(str(s) for s in RUNNING_STATUSES), when(now)]
    else:
        closed, back = col("closed_at"), col("reported_back_at")
        overdue = (
            f"{col('dispatched_at')} < %s AND {col('due_at')} < %s"
            f" AND ({closed} IS NULL OR {closed} >= %s)"
            f" AND ({back} IS NULL OR {back} >= %s) AND NOT ({status} = %s)"
        )
        overdue_params = [when(at)] * 4 + [str(Status.REJECTED)]
    reported, closed_at = col("reported_at"), col("closed_at")
    s, e = when(start), when(end)
    # Placeholders only; quoted names.
    sql = (
        f"SELECT COUNT(CASE WHEN {reported} >= %s AND {reported} < %s THEN 1 END),"  # noqa: S608
        f" COUNT(CASE WHEN {closed_at} >= %s AND {closed_at} < %s THEN 1 END),"
        f" COUNT(CASE WHEN {overdue} THEN 1 END),"
        f" COUNT(CASE WHEN {reported} < %s THEN 1 END),"
        f" COUNT(CASE WHEN {closed_at} < %s THEN 1 END)"
        f" FROM {table} INNER JOIN {link}"
        f" ON {link}.{qn(CampaignProblem._meta.get_field('problem').column)} = {col('id')}"
        f" WHERE {link}.{qn(CampaignProblem._meta.get_field('campaign').column)} = %s"
        f" AND NOT ({status} = %s)"
    )
    params = [s, e, s, e, *overdue_params, e, e, campaign.pk, str(Status.MERGED)]
    scoped = visible_problems_sql(user, table, qn)
    if scoped is not None:
        sql += f" AND {scoped[0]}"
        params += scoped[1]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    names = ("new", "closed", "overdue", "total", "closed_total")
    return {name: int(value) for name, value in zip(names, row, strict=True)}
