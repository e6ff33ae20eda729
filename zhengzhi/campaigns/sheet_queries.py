"""The dispatch sheet's queries, worded to be cheap to build on every request: the day's and
the counting conditions of its GROUP BY over the reports, the burn-up rows converted once per
value, and the ledger's figures of the campaign (sheet.py builds the sheet from them)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import chain

from django.db import connections
from django.db.models import BooleanField, Count, Q
from django.db.models.expressions import RawSQL
from django.db.models.sql.constants import MULTI
from django.utils import timezone

from zhengzhi.campaigns.models import Campaign, Frequency, ProgressReport
from zhengzhi.campaigns.rules import Rule, period_start


def today_filter(tasks, day: dt.date) -> Q:
    """The reports of the day's period of their task. Every report the sheet sums is of one of
    `tasks` (a unit's assignments are visible only through tasks it sees), so when they all
    report at the same frequency the period alone says it: no list of task ids to build and
    compile on every request (a county's sheet has 30 tasks in each of its conditional sums)."""
    by_freq: dict[str, list[int]] = defaultdict(list)
    for t in tasks:
        by_freq[t.frequency].append(t.pk)
    if len(by_freq) == 1 and Frequency.NONE not in by_freq:
        (freq,) = by_freq
        return Q(period=period_start(Rule(freq), day))
    q = Q(pk__in=[])
    for freq, ids in by_freq.items():
        if freq == Frequency.NONE:
            continue
        start = period_start(Rule(freq), day)
        q |= Q(task_id__in=ids, period=start)
    return q


def counting_filter(tasks, since_of: dict, day: dt.date) -> Q | None:
    """Of the day's reports (_today_filter), those of slots that count: per group of tasks
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
    if not by_since:
        return Q(task_id__in=always)
    # The other tasks' moments in one CASE on the task, as SQL: a condition per task (each task
    # added on its own has its own moment) compiled by the ORM on every request cost more than
    # running the query. A task in no branch gets NULL: not counted.
    connection = connections[ProgressReport.objects.db]
    qn = connection.ops.quote_name
    table = qn(ProgressReport._meta.db_table)
    branches, params = [], []
    for since, ids in by_since.items():
        marks = ", ".join(["%s"] * len(ids))
        branches.append(f"WHEN {table}.{qn('task_id')} IN ({marks}) THEN %s")
        params += [*ids, connection.ops.adapt_datetimefield_value(since)]
    later = RawSQL(  # noqa: S611 (placeholders only; quoted names)
        f"{table}.{qn('cutoff_at')} > CASE {' '.join(branches)} END",
        params,
        output_field=BooleanField(),
    )
    return Q(task_id__in=always) | later if always else Q(later)


def converted_once(qs) -> list[tuple]:
    """The rows of a values_list() queryset as Django gives them, each distinct value of a column
    converted once. The burn-up series has thousands of rows with few distinct values (90 days,
    small sums), and Django runs its converters (on SQLite: the date, the decimal sum) on every
    value of every row: that was a third of a unit's sheet. Same converters, same results."""
    compiler = qs.query.get_compiler(using=qs.db)
    rows = list(chain.from_iterable(compiler.execute_sql(MULTI)))
    converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
    if not rows or not converters:
        return [tuple(row) for row in rows]
    connection = compiler.connection
    columns = [list(column) for column in zip(*rows, strict=True)]
    for pos, (convs, expression) in converters.items():
        column = columns[pos]
        done: dict = {}
        for i, value in enumerate(column):
            key = (value.__class__, value)  # 2 and 2.0 apart
            if key not in done:
                out = value
                for convert in convs:
                    out = convert(out, expression, connection)
                done[key] = out
            column[i] = done[key]
    return list(zip(*columns, strict=True))


def ledger_figures(campaign: Campaign, day: dt.date, *, user, now: dt.datetime) -> dict[str, int]:
    """The campaign's problems: new and closed on the day, overdue at the end of it (now, for
    today), open now and in all; scoped like the ledger list."""
    from zhengzhi.ledger.models import RUNNING_STATUSES, Status
    from zhengzhi.ledger.scope import visible_problems

    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()), tz)
    end = start + dt.timedelta(days=1)
    at = min(end, now)
    qs = (
        visible_problems(user)
        .filter(campaign_link__campaign=campaign)
        .exclude(status=Status.MERGED)
    )
    if at >= now:
        overdue = Q(status__in=RUNNING_STATUSES, due_at__lt=now)
    else:
        overdue = (
            Q(dispatched_at__lt=at, due_at__lt=at)
            & (Q(closed_at__isnull=True) | Q(closed_at__gte=at))
            & (Q(reported_back_at__isnull=True) | Q(reported_back_at__gte=at))
            & ~Q(status=Status.REJECTED)
        )
    return qs.aggregate(
        new=Count("id", filter=Q(reported_at__gte=start, reported_at__lt=end)),
        closed=Count("id", filter=Q(closed_at__gte=start, closed_at__lt=end)),
        overdue=Count("id", filter=overdue),
        total=Count("id", filter=Q(reported_at__lt=end)),
        closed_total=Count("id", filter=Q(closed_at__lt=end)),
    )
