"""The aggregate queries behind the unit indicators (see the package docstring for definitions).

Two GROUP BY queries over the whole period, whatever the number of units or problems: one over
problems by (unit, status) with conditional counts, one over the approved returns of the
timeline; the counts higher apps contribute (ledger.registry.IndicatorContributor: satisfaction
adds the problems rated in the period, in one query); and one query for the units' names (or
their paths, to roll communities up to streets). The few (unit, status) groups are then summed
in Python — never a loop per problem.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import (
    BigIntegerField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from zhengzhi.ledger.indicators.periods import Period, day_start
from zhengzhi.ledger.models import RUNNING_STATUSES, EventKind, Problem, ProblemEvent, Status
from zhengzhi.ledger.registry import indicator_contributors
from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind

BY_CHOICES = ("owner", "street", "department")
# A dispatched problem is in one of these until it is returned (back to registered) or merged.
DISPATCHED_STATUSES = (
    Status.DISPATCHED,
    Status.ACCEPTED,
    Status.DEFERRED,
    Status.REPORTED_BACK,
    Status.CLOSED,
)
REGISTERED_STATUSES = (Status.REGISTERED, *DISPATCHED_STATUSES)

# Counted per unit by the ledger and summable over units (a street is the sum of its
# communities); the contributors' columns come after them (all_counts).
COUNTS = (
    "registered",
    "dispatched",
    "due",
    "deferred",
    "closed",
    "closed_on_time",
    "extended",
    "closed_in_period",
    "reworked",
    "overdue_now",
    "returns",
    "recurrences",
)


def all_counts() -> tuple[str, ...]:
    """The ledger's counts and the columns the registered contributors add."""
    return COUNTS + tuple(
        column for contributor in indicator_contributors() for column in contributor.columns
    )


def _attribution_field(by: str) -> str:
    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {BY_CHOICES}, not {by!r}")
    return "supporting_unit_id" if by == "department" else "owner_unit_id"


def _problem_counts(
    period: Period, now: dt.datetime, field: str, leaf_ids, problem_ids: QuerySet | None = None
) -> QuerySet:
    """Counts per (unit, status): each filter is a plain range test, and which statuses a
    figure takes is settled afterwards over the few (unit, status) groups (STATUS_FIGURES)."""
    start, end = period.start, period.end
    # Deadlines count once their day is over: mid-period, a problem due today or next week is
    # not yet held against its unit, and the list's whole-day filter shows the same problems.
    due_end = min(end, day_start(timezone.localdate(now)))
    reported = Q(reported_at__gte=start, reported_at__lt=end)
    due = Q(due_at__gte=start, due_at__lt=due_end)
    closed = Q(closed_at__gte=start, closed_at__lt=end, dispatched_at__isnull=False)
    # A reopening dispatches the problem again: its latest dispatch is the reopening.
    recurred = Q(recurrence_count__gt=0, dispatched_at__gte=start, dispatched_at__lt=end)
    qs = Problem.objects.exclude(status=Status.MERGED).filter(
        held=False, **{f"{field}__isnull": False}
    )
    if leaf_ids is not None:
        qs = qs.filter(**{f"{field}__in": leaf_ids})
    if problem_ids is not None:
        qs = qs.filter(pk__in=problem_ids)
    hours = ExpressionWrapper(F("closed_at") - F("dispatched_at"), output_field=DurationField())
    return (
        qs.filter(
            reported | due | closed | recurred | Q(due_at__lt=now, status__in=RUNNING_STATUSES)
        )
        .values(field, "status")
        .order_by()
        .annotate(
            reported=Count("id", filter=reported),
            due=Count("id", filter=due),
            due_on_time=Count("id", filter=due & Q(closed_on_time=True)),
            due_extended=Count("id", filter=due & Q(extension_count__gt=0)),
            closed=Count("id", filter=closed),
            closed_reworked=Count("id", filter=closed & Q(rework_count__gt=0)),
            past_due=Count("id", filter=Q(due_at__lt=now)),
            recurred=Count("id", filter=recurred),
            time_to_close=Sum(hours, filter=closed),
        )
    )


# figure: (the group's count it takes, the statuses it takes it from)
STATUS_FIGURES = {
    "registered": ("reported", REGISTERED_STATUSES),
    "dispatched": ("reported", DISPATCHED_STATUSES),
    "due": ("due", DISPATCHED_STATUSES),
    "deferred": ("due", (Status.DEFERRED,)),
    "closed": ("due", (Status.CLOSED,)),
    "closed_on_time": ("due_on_time", (Status.CLOSED,)),
    "extended": ("due_extended", DISPATCHED_STATUSES),
    "closed_in_period": ("closed", (Status.CLOSED,)),
    "timed": ("closed", (Status.CLOSED,)),
    "reworked": ("closed_reworked", (Status.CLOSED,)),
    "overdue_now": ("past_due", RUNNING_STATUSES),
    "recurrences": ("recurred", None),  # whatever became of it since
}


def _figures_of_group(group: dict) -> dict:
    status = group["status"]
    out = {
        figure: group[count]
        for figure, (count, statuses) in STATUS_FIGURES.items()
        if statuses is None or status in statuses
    }
    if status == Status.CLOSED:
        out["time_to_close"] = group["time_to_close"]
    return out


def _return_counts(period: Period, problem_ids: QuerySet | None = None) -> QuerySet:
    """Returns go to the unit that returned the problem: it has left that unit since, so only
    the timeline knows. No join: the events alone, by kind and time (and, for a restricted
    view, their problem among the ids asked: a subquery, still no join)."""
    events = ProblemEvent.objects.filter(
        kind=EventKind.APPROVE_RETURN, at__gte=period.start, at__lt=period.end
    )
    if problem_ids is not None:
        events = events.filter(problem_id__in=problem_ids)
    return (
        events.annotate(
            returned_by=Cast(KeyTextTransform("returned_unit_id", "data"), BigIntegerField())
        )
        .values("returned_by")
        .order_by()
        .annotate(n=Count("id"))
    )


def _street_of(units: dict[int, dict], streets: dict[str, int]) -> dict[int, int]:
    """Each unit's street: itself, or the street whose materialised path prefixes its own."""
    out = {}
    for uid, unit in units.items():
        path = unit["path"]
        for cut in range(len(path), 0, -Unit.steplen):
            street = streets.get(path[:cut])
            if street is not None:
                out[uid] = street
                break
    return out


def _add(acc: dict, figures: dict) -> None:
    for key, value in figures.items():
        if value is None:
            continue
        if key == "time_to_close":
            acc[key] = value if acc.get(key) is None else acc[key] + value
        else:
            acc[key] = acc.get(key, 0) + value


def _wanted(units) -> tuple[list[int] | None, dict[int, str]]:
    """The ids asked for, and the names already at hand (a queryset is read once)."""
    if units is None:
        return None, {}
    if isinstance(units, QuerySet):
        pairs = list(units.values_list("id", "name"))
        return [uid for uid, _ in pairs], dict(pairs)
    units = list(units)
    names = {u.pk: u.name for u in units if isinstance(u, Unit)}
    return [u.pk if isinstance(u, Unit) else int(u) for u in units], names


def collect(
    period: Period,
    *,
    units: Iterable | QuerySet | None = None,
    by: str = "owner",
    now=None,
    problem_ids: QuerySet | None = None,
) -> dict[int, dict]:
    """{unit_id: {"unit_id", "unit_name", counts..., "time_to_close", "timed"}}.

    `problem_ids`: a queryset of problem ids (`.values("problem_id")`) the ledger's figures are
    restricted to, used as a subquery; an app above the ledger passes its own problems (a
    campaign's). Ratings are not restricted by it."""
    field = _attribution_field(by)
    now = now or timezone.now()
    wanted, names = _wanted(units)
    # A few units (a unit's own scope): filter. Many (a whole level): one pass over all is
    # cheaper than a long IN list.
    leaf_filter = wanted if by != "street" and wanted is not None and len(wanted) <= 500 else None
    counts = all_counts()
    rows: dict[int, dict] = defaultdict(lambda: dict.fromkeys(counts, 0))
    leaf_rows: dict[int, dict] = defaultdict(lambda: dict.fromkeys(counts, 0))
    for group in _problem_counts(period, now, field, leaf_filter, problem_ids):
        _add(leaf_rows[group[field]], _figures_of_group(group))
    for row in _return_counts(period, problem_ids):
        if row["returned_by"] is not None:
            leaf_rows[row["returned_by"]]["returns"] += row["n"]
    for contributor in indicator_contributors():
        contributed = contributor.compute(period.start, period.end, field, leaf_filter)
        for uid, figures in contributed.items():
            _add(leaf_rows[uid], {k: v for k, v in figures.items() if k in contributor.columns})

    if by == "street":
        info = {
            u["id"]: u
            for u in Unit.objects.filter(
                Q(id__in=list(leaf_rows)) | Q(level=TerritoryLevel.STREET)
            ).values("id", "name", "path", "level")
        }
        streets = {u["path"]: u["id"] for u in info.values() if u["level"] == "street"}
        street_of = _street_of({k: info[k] for k in leaf_rows if k in info}, streets)
        for leaf, figures in leaf_rows.items():
            street = street_of.get(leaf)
            if street is None:
                continue  # a department or the district itself: no street to roll up to
            _add(rows[street], figures)
        names = {uid: info[uid]["name"] for uid in streets.values()} | names
    else:
        rows = leaf_rows
    missing = (set(rows) if wanted is None else set(wanted)) - set(names)
    if missing:
        found = Unit.objects.filter(id__in=missing).values_list("id", "name", "kind")
        for uid, name, kind in found:
            # A community's returns are no department's figures.
            if by != "department" or wanted is not None or kind == UnitKind.DEPARTMENT:
                names[uid] = name

    keep = wanted if wanted is not None else [uid for uid in rows if uid in names]
    out = {}
    for uid in keep:
        figures = dict.fromkeys(counts, 0) | {"time_to_close": None, "timed": 0}
        figures.update({k: v for k, v in rows.get(uid, {}).items() if v is not None})
        figures.update(unit_id=uid, unit_name=names.get(uid, ""))
        out[uid] = figures
    return out
