"""The worker's watch over deadlines: overdue marks, reminders before the deadline, escalation.

Each acts once per problem and deadline, however often the job runs and however many workers run
it at the same time:
- candidates are locked with SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite serialises
  writers with BEGIN IMMEDIATE), so a move and the worker never interleave on one problem, and a
  second worker takes other problems instead of waiting;
- the act is claimed by inserting ProblemAlert(problem, version, kind) with INSERT ... ON CONFLICT
  DO NOTHING RETURNING, and only the rows this run inserted are acted on: a row another worker
  committed first is simply not returned.

The rules (settings, with these defaults):
- overdue: a problem a unit owns (dispatched or accepted) past its deadline and not yet marked
  gets overdue_at, an OVERDUE event, and a notice to the owner unit's handlers and leaders. A new
  deadline (re-dispatch, approved extension, reopening) clears overdue_at, so the next lapse is
  marked again (at the problem's new version).
- reminder: once per deadline, when 80 % of the time limit (dispatch to deadline) has passed,
  but not earlier than 24 hours before the deadline (LEDGER_REMIND_AT_PERCENT,
  LEDGER_REMIND_HOURS_BEFORE): a 2-hour limit is reminded 24 minutes before, a 20-working-day
  limit the day before. A moved deadline earns a new reminder; a move that keeps the deadline
  (accepting, a refused request) does not.
- escalation: once per overdue lapse, LEDGER_ESCALATE_AFTER_HOURS (24) after the deadline, to the
  leaders of the nearest unit above the owner that has one (the street above a community), or the
  office's leaders when there is none.

- lapsed deferral: a deferred (挂账) problem whose target date has passed: once per deferral, an
  OVERDUE event marked as a deferral, and a notice to the owner unit and the office's
  dispatchers, who decide what comes next (a new plan, or back to handling).

Reported-back and closed problems are not watched: the clock is the unit's only while it holds
the problem. None of these raises Problem.version: an action form a user has open must
not go stale because the clock ran. Notices go out as one digest per unit and batch, so a first
run over an imported ledger does not send a message per problem.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, FloatField, Func, OuterRef, Q, Value
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from zhengzhi.accounts.models import User
from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.ledger.models import EventKind, Problem, ProblemAlert, ProblemEvent, Status
from zhengzhi.ledger.models.problems import RUNNING_STATUSES
from zhengzhi.notifications.messages import Message
from zhengzhi.notifications.services import notify
from zhengzhi.org.models import Unit, UnitKind

OVERDUE, REMIND, ESCALATE, LAPSED = "overdue", "remind", "escalate", "lapsed"
BATCH = 500
LIST_URL = "/ledger/problems/"


def _setting(name: str, env: str, default: int) -> int:
    # Settings read the environment (ZZ_ESCALATE_AFTER_HOURS ...); tests override settings.
    return int(getattr(settings, name, default))


def escalate_after() -> dt.timedelta:
    return dt.timedelta(
        hours=_setting("LEDGER_ESCALATE_AFTER_HOURS", "ZZ_ESCALATE_AFTER_HOURS", 24)
    )


def remind_rule() -> tuple[float, float]:
    """(share of the limit left when reminded, most seconds before the deadline)."""
    percent = _setting("LEDGER_REMIND_AT_PERCENT", "ZZ_REMIND_AT_PERCENT", 80)
    hours = _setting("LEDGER_REMIND_HOURS_BEFORE", "ZZ_REMIND_HOURS_BEFORE", 24)
    return max(0.0, 1 - min(percent, 100) / 100), hours * 3600.0


class Seconds(Func):
    """Unix seconds of a datetime column, on both databases (for arithmetic on durations)."""

    output_field = FloatField()
    arity = 1

    template = "EXTRACT(EPOCH FROM %(expressions)s)"  # PostgreSQL

    def as_sqlite(self, compiler, connection, **extra):
        extra["template"] = "((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        return self.as_sql(compiler, connection, **extra)


@dataclass(frozen=True)
class Row:
    id: int
    version: int
    number: str
    status: str
    owner_unit_id: int | None
    due_at: dt.datetime | None


def _rows(qs, batch: int, after: tuple | None) -> list[Row]:
    if after is not None:
        qs = qs.filter(Q(due_at__gt=after[0]) | Q(due_at=after[0], id__gt=after[1]))
    values = (
        qs.select_for_update(skip_locked=True)
        .order_by("due_at", "id")
        .values_list("id", "version", "number", "status", "owner_unit_id", "due_at")[:batch]
    )
    return [Row(*v) for v in values]


def _claim(kind: str, rows: list[Row], now: dt.datetime) -> set[int]:
    """Inserts the once-only alert rows; returns the problems whose row this call inserted."""
    return insert_alerts([(r.id, r.version, kind, now) for r in rows])


def insert_alerts(values: list[tuple[int, int, str, dt.datetime]]) -> set[int]:
    """(problem id, version, kind, at) rows, skipping those that exist; returns the problem ids
    of the rows inserted now. One statement, so concurrent callers never both insert a row."""
    if not values:
        return set()
    meta = ProblemAlert._meta
    q = connection.ops.quote_name
    cols = [q(meta.get_field(f).column) for f in ("problem", "version", "kind", "at")]  # type: ignore[union-attr,arg-type]
    # Identifiers come from the model, every value is a parameter.
    head = f"INSERT INTO {q(meta.db_table)} ({', '.join(cols)}) VALUES "  # noqa: S608
    tail = f" ON CONFLICT ({', '.join(cols[:3])}) DO NOTHING RETURNING {cols[0]}"
    adapt = connection.ops.adapt_datetimefield_value
    inserted: set[int] = set()
    with connection.cursor() as cursor:
        for i in range(0, len(values), 2000):
            chunk = values[i : i + 2000]
            cursor.execute(
                head + ", ".join(["(%s, %s, %s, %s)"] * len(chunk)) + tail,
                [x for pid, ver, kind, at in chunk for x in (pid, ver, kind, adapt(at))],
            )
            inserted.update(pid for (pid,) in cursor.fetchall())
    return inserted


def _events(
    kind: str, rows: list[Row], now: dt.datetime, notes: dict[int, str], data: dict[int, dict]
) -> None:
    ProblemEvent.objects.bulk_create(
        [
            ProblemEvent(
                problem_id=r.id,
                kind=kind,
                at=now,
                from_status=r.status,
                to_status=r.status,
                note=notes.get(r.id, ""),
                data={"due_at": r.due_at.isoformat() if r.due_at else None, **data.get(r.id, {})},
            )
            for r in rows
        ]
    )


def _audit(kind: str, rows: list[Row]) -> None:
    # One row per batch: the timeline has an event per problem; the audit log records that the
    # worker acted, and on what (a row per problem would make a first run over an imported
    # ledger write the hash chain ten thousand times).
    record(
        f"problem.{kind}",
        object_type="ledger.problem",
        actor_label="worker",
        data={"problems": [r.number for r in rows]},
    )


def _users_by_unit(
    unit_ids: Iterable[int | None], roles: tuple[str, ...]
) -> dict[int | None, list[User]]:
    out: dict[int | None, list[User]] = defaultdict(list)
    users = (
        User.objects.filter(unit_id__in=set(unit_ids), is_active=True, roles__role__in=roles)
        .distinct()
        .order_by("pk")
    )
    for user in users:
        out[user.unit_id].append(user)
    return out


# The subjects by kind: (one problem, many problems singular, many plural).
SUBJECTS = {
    OVERDUE: (
        gettext_noop("Problem %(number)s is overdue"),
        gettext_noop("%(count)d problem is overdue"),
        gettext_noop("%(count)d problems are overdue"),
    ),
    REMIND: (
        gettext_noop("Problem %(number)s is due soon"),
        gettext_noop("%(count)d problem is due soon"),
        gettext_noop("%(count)d problems are due soon"),
    ),
    LAPSED: (
        gettext_noop("Deferred problem %(number)s is past its target date"),
        gettext_noop("%(count)d deferred problem is past its target date"),
        gettext_noop("%(count)d deferred problems are past their target date"),
    ),
    ESCALATE: (
        gettext_noop("Escalated: problem %(number)s is overdue"),
        gettext_noop("Escalated: %(count)d problem is overdue"),
        gettext_noop("Escalated: %(count)d problems are overdue"),
    ),
}


def _subject(kind: str, rows: list[Row]) -> Message:
    """Kept as its message and parameters: each reader sees it in their language."""
    n, number = len(rows), rows[0].number
    one, many, many_plural = SUBJECTS[kind]
    if n == 1:
        return Message(one, {"number": number})
    return Message(many, {"count": n}, plural=many_plural, count=n)


def _body(rows: list[Row]) -> str:
    numbers = [r.number for r in rows[:30]]
    return "、".join(numbers) + ("…" if len(rows) > 30 else "")


def _url(rows: list[Row], unit_id: int | None, **params: str) -> str:
    if len(rows) == 1:
        return f"{LIST_URL}{rows[0].id}/"
    query = "&".join(f"{k}={v}" for k, v in {**params, "unit": unit_id}.items() if v)
    return f"{LIST_URL}?{query}"


def _by_unit(rows: list[Row]) -> dict[int | None, list[Row]]:
    out: dict[int | None, list[Row]] = defaultdict(list)
    for r in rows:
        out[r.owner_unit_id].append(r)
    return out


def _notify_owners(kind: str, rows: list[Row]) -> None:
    by_unit = _by_unit(rows)
    users = _users_by_unit([u for u in by_unit if u], (Role.HANDLER, Role.UNIT_LEADER))
    for unit_id, unit_rows in by_unit.items():
        if not users.get(unit_id):
            continue
        subject = _subject(kind, unit_rows)
        if kind == OVERDUE:
            channels: tuple[str, ...] = ("inbox", "email")
            url = _url(unit_rows, unit_id, overdue="1")
        elif kind == LAPSED:
            channels = ("inbox", "email")
            url = _url(unit_rows, unit_id, status=Status.DEFERRED)
        else:
            channels = ("inbox",)
            url = _url(unit_rows, unit_id, due_soon="1")
        notify(
            users[unit_id],
            subject,
            _body(unit_rows),
            url=url,
            kind=f"problem.{kind}",
            channels=channels,
        )


def _run(batch_fn, now: dt.datetime | None, batch: int) -> int:
    """Runs one kind of alert in batches, each in its own transaction, walking (due_at, id)
    forward so that problems skipped (locked, or claimed elsewhere) never stall the loop."""
    now = now or timezone.now()
    total, after = 0, None
    while True:
        with transaction.atomic():
            done, after = batch_fn(now, batch, after)
        total += done
        if after is None:
            return total


def _next(rows: list[Row], batch: int) -> tuple | None:
    return (rows[-1].due_at, rows[-1].id) if len(rows) == batch else None


# --- overdue -----------------------------------------------------------------------------------


def overdue_candidates(now: dt.datetime):
    return Problem.objects.filter(
        status__in=RUNNING_STATUSES, due_at__lt=now, overdue_at__isnull=True
    )


def _overdue_batch(now: dt.datetime, batch: int, after) -> tuple[int, tuple | None]:
    rows = _rows(overdue_candidates(now), batch, after)
    claimed = _claim(OVERDUE, rows, now)
    mine = [r for r in rows if r.id in claimed]
    if mine:
        Problem.objects.filter(pk__in=claimed, overdue_at__isnull=True).update(overdue_at=now)
        _events(EventKind.OVERDUE, mine, now, {}, {})
        _audit(OVERDUE, mine)
        _notify_owners(OVERDUE, mine)
    return len(mine), _next(rows, batch)


def mark_overdue(now: dt.datetime | None = None, *, batch: int = BATCH) -> int:
    """Marks every running problem past its deadline; returns how many were marked now."""
    return _run(_overdue_batch, now, batch)


# --- reminders ---------------------------------------------------------------------------------


def remind_candidates(now: dt.datetime):
    share, most = remind_rule()
    now_s = now.timestamp()
    due_s, sent_s = Seconds("due_at"), Seconds("at")
    # The reminder is due from: deadline - min(share of the limit, `most` seconds).
    remind_from = due_s - Least(
        Value(most), (due_s - Seconds("dispatched_at")) * Value(share), output_field=FloatField()
    )
    # Once per deadline: a reminder sent since this deadline's reminder became due counts.
    already = (
        ProblemAlert.objects.filter(problem=OuterRef("pk"), kind=REMIND)
        .annotate(sent=sent_s)
        .filter(sent__gte=OuterRef("remind_from") - 1)  # a second for rounding in SQL
    )
    return (
        Problem.objects.filter(
            status__in=RUNNING_STATUSES,
            overdue_at__isnull=True,
            dispatched_at__isnull=False,
            due_at__gt=now,
            due_at__lte=now + dt.timedelta(seconds=most),
        )
        .annotate(remind_from=remind_from)
        .filter(remind_from__lte=now_s)
        .exclude(Exists(already))
    )


def _remind_batch(now: dt.datetime, batch: int, after) -> tuple[int, tuple | None]:
    rows = _rows(remind_candidates(now), batch, after)
    claimed = _claim(REMIND, rows, now)
    mine = [r for r in rows if r.id in claimed]
    if mine:
        _events(EventKind.REMIND, mine, now, {}, {})
        _audit(REMIND, mine)
        _notify_owners(REMIND, mine)
    return len(mine), _next(rows, batch)


def remind_due(now: dt.datetime | None = None, *, batch: int = BATCH) -> int:
    """Reminds the owners of problems whose deadline draws near; returns how many now."""
    return _run(_remind_batch, now, batch)


# --- escalation --------------------------------------------------------------------------------


def escalate_candidates(now: dt.datetime):
    # One escalation per lapse: a new lapse sets a new overdue_at, after the last escalation.
    already = ProblemAlert.objects.filter(
        problem=OuterRef("pk"), kind=ESCALATE, at__gte=OuterRef("overdue_at")
    )
    return Problem.objects.filter(
        status__in=RUNNING_STATUSES,
        overdue_at__isnull=False,
        due_at__lte=now - escalate_after(),
    ).exclude(Exists(already))


def _escalation_targets(
    unit_ids: set[int],
) -> dict[int | None, tuple[Unit | None, list[User]]]:
    """For each owner unit: the nearest unit above it with an active leader, and its leaders;
    else the office and its leaders (督办)."""
    owners = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids).only("path", "depth")}
    step = Unit.steplen
    paths = {u.path[: i * step] for u in owners.values() for i in range(1, u.depth)}
    above = {u.path: u for u in Unit.objects.filter(path__in=paths).only("path", "name")}
    office = Unit.objects.filter(kind=UnitKind.OFFICE, is_active=True).order_by("path").first()
    leaders = _users_by_unit(
        [u.pk for u in above.values()] + ([office.pk] if office else []), (Role.UNIT_LEADER,)
    )
    out = {}
    for pk, owner in owners.items():
        target = (office, leaders.get(office.pk, []) if office else [])
        for depth in range(owner.depth - 1, 0, -1):
            unit = above.get(owner.path[: depth * step])
            if unit is not None and leaders.get(unit.pk):
                target = (unit, leaders[unit.pk])
                break
        out[pk] = target
    return out


def _escalate_batch(now: dt.datetime, batch: int, after) -> tuple[int, tuple | None]:
    rows = _rows(escalate_candidates(now), batch, after)
    claimed = _claim(ESCALATE, rows, now)
    mine = [r for r in rows if r.id in claimed]
    if not mine:
        return 0, _next(rows, batch)
    targets = _escalation_targets({r.owner_unit_id for r in mine if r.owner_unit_id})
    notes, data = {}, {}
    for r in mine:
        unit = targets.get(r.owner_unit_id, (None, []))[0]
        notes[r.id] = unit.name if unit else ""
        data[r.id] = {"to_unit_id": unit.pk if unit else None}
    _events(EventKind.ESCALATE, mine, now, notes, data)
    by_owner = _by_unit(mine)
    _audit(ESCALATE, mine)
    for owner_id, unit_rows in by_owner.items():
        users = targets.get(owner_id, (None, []))[1]
        if not users:
            continue
        subject = _subject(ESCALATE, unit_rows)
        notify(
            users,
            subject,
            _body(unit_rows),
            url=_url(unit_rows, owner_id, overdue="1"),
            kind="problem.escalate",
            channels=("inbox", "email"),
        )
    return len(mine), _next(rows, batch)


def escalate_overdue(now: dt.datetime | None = None, *, batch: int = BATCH) -> int:
    """Escalates problems overdue for longer than the set time; returns how many now."""
    return _run(_escalate_batch, now, batch)


# --- lapsed deferrals ---------------------------------------------------------------------------


def lapsed_candidates(now: dt.datetime):
    return Problem.objects.filter(
        status=Status.DEFERRED,
        deferred_until__lt=timezone.localdate(now),
        due_at__isnull=False,  # the walk's key; every deferral was accepted with a deadline
    )


def _lapsed_batch(now: dt.datetime, batch: int, after) -> tuple[int, tuple | None]:
    rows = _rows(lapsed_candidates(now), batch, after)
    claimed = _claim(LAPSED, rows, now)  # per version: a new deferral is watched anew
    mine = [r for r in rows if r.id in claimed]
    if not mine:
        return 0, _next(rows, batch)
    until = dict(Problem.objects.filter(pk__in=claimed).values_list("id", "deferred_until"))
    notes = {r.id: gettext("The deferral's target date has passed.") for r in mine}
    data = {r.id: {"deferral": True, "deferred_until": str(until.get(r.id))} for r in mine}
    _events(EventKind.OVERDUE, mine, now, notes, data)
    _audit(LAPSED, mine)
    _notify_owners(LAPSED, mine)
    office = Unit.objects.filter(kind=UnitKind.OFFICE, is_active=True).values_list("pk", flat=True)
    dispatchers = [
        u for users in _users_by_unit(office, (Role.DISPATCHER,)).values() for u in users
    ]
    if dispatchers:
        notify(
            dispatchers,
            _subject(LAPSED, mine),
            _body(mine),
            url=_url(mine, None, status=Status.DEFERRED),
            kind="problem.lapsed",
            channels=("inbox",),
        )
    return len(mine), _next(rows, batch)


def watch_deferrals(now: dt.datetime | None = None, *, batch: int = BATCH) -> int:
    """Flags deferred problems past their target date; returns how many now."""
    return _run(_lapsed_batch, now, batch)


def run_all(now: dt.datetime | None = None) -> dict[str, int]:
    """What the periodic job runs: marks first, so that escalation sees this run's marks."""
    now = now or timezone.now()
    return {
        "overdue": mark_overdue(now),
        "escalated": escalate_overdue(now),
        "reminded": remind_due(now),
        "lapsed": watch_deferrals(now),
    }
