"""The ledger list's filters: the GET parameters of `/ledger/problems/` as they come (a
QueryDict or a plain dict), applied to the problems the user may see. `filter_errors` names the
values that cannot be read; the page, the API and the export refuse them with that reason rather
than quietly listing the whole ledger."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.core.validators import DATE_MAX, DATE_MIN
from zhengzhi.ledger.models import (
    RUNNING_STATUSES,
    Category,
    EventKind,
    Pending,
    Problem,
    ProblemEvent,
    Source,
    Status,
)
from zhengzhi.ledger.registry import problem_filters
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.org.models import Unit

# The ledger's own parameters of the list (and of drill-down links to it), besides the cursor
# `after`; the apps above it add theirs (registry.ProblemFilter): see filter_params().
FILTER_PARAMS = (
    "status",
    "category",
    "unit",
    "support",
    "grid",
    "source",
    "overdue",
    "due_soon",
    "date_from",
    "date_to",
    "q",
    "pending",
    "closed_from",
    "closed_to",
    "due_from",
    "due_to",
    "on_time",
    "reworked",
    "returned",
    "extended",
    "recurred",
    "open",
    "mine",
    "dispatched_from",
    "dispatched_to",
    "returned_by",
    "returned_from",
    "returned_to",
)
DUE_SOON = dt.timedelta(hours=24)


def filter_params() -> tuple[str, ...]:
    """Every parameter of the list: the ledger's own and those the apps above it registered."""
    return FILTER_PARAMS + tuple(f.param for f in problem_filters())


# Problems that have left the loop for good (closed may come back as a recurrence, but is done).
FINISHED_STATUSES = (Status.CLOSED, Status.REJECTED, Status.MERGED)
NUMBER_RE = re.compile(r"^\d{4}-\d{6,}$")
GRID_CODE_LENGTH = 15


def _get(params, key: str) -> str:
    value = params.get(key) if params is not None else None
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value).strip() if value is not None else ""


def _values(params, key: str) -> list[str]:
    """`status=a,b` or `status=a&status=b`."""
    if hasattr(params, "getlist"):
        raw = params.getlist(key)
    else:
        raw = params.get(key) or []
        raw = [raw] if isinstance(raw, str) else list(raw)
    return [v.strip() for item in raw for v in str(item).split(",") if v.strip()]


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) < 12 else None


def _any_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _date(text: str) -> dt.date | None:
    """A date the filters can use: 9999-12-31's day after, or 0001-01-01's midnight in UTC,
    is past Python's calendar (OverflowError), so dates outside DATE_MIN..DATE_MAX are not read
    (filter_errors names them)."""
    day = _any_date(text)
    return day if day is not None and DATE_MIN <= day <= DATE_MAX else None


def day_start(day: dt.date) -> dt.datetime:
    """Midnight of a local (China) day, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _date_range(qs: QuerySet, params, field_name: str, start_key: str, end_key: str) -> QuerySet:
    start, end = _date(_get(params, start_key)), _date(_get(params, end_key))
    if start:
        qs = qs.filter(**{f"{field_name}__gte": day_start(start)})
    if end:  # the whole last day counts
        qs = qs.filter(**{f"{field_name}__lt": day_start(end + dt.timedelta(days=1))})
    return qs


def _unit_filter(qs: QuerySet, field_name: str, unit_id: int | None) -> QuerySet:
    """A unit and the units below it: a street's filter holds its communities' problems."""
    if unit_id is None:
        return qs
    unit = Unit.objects.filter(pk=unit_id).values("path", "numchild").first()
    if unit is None:
        return qs.none()
    if not unit["numchild"]:
        return qs.filter(**{f"{field_name}_id": unit_id})
    below = Unit.objects.filter(path__startswith=unit["path"]).values("id")
    return qs.filter(**{f"{field_name}__in": below})


def overdue_q(now: dt.datetime | None = None) -> Q:
    """Past its deadline while a unit owns it (the worker's overdue mark may lag a few minutes)."""
    return Q(status__in=RUNNING_STATUSES, due_at__lt=now or timezone.now())


def due_soon_q(now: dt.datetime | None = None) -> Q:
    now = now or timezone.now()
    return Q(status__in=RUNNING_STATUSES, due_at__gte=now, due_at__lt=now + DUE_SOON)


def _flag(params, key: str) -> str:
    return _get(params, key) if _get(params, key) in ("0", "1") else ""


ID_PARAMS = ("unit", "support", "returned_by")
DATE_PARAMS = (
    "date_from",
    "date_to",
    "closed_from",
    "closed_to",
    "due_from",
    "due_to",
    "dispatched_from",
    "dispatched_to",
    "returned_from",
    "returned_to",
)
FLAG_PARAMS = (
    "overdue",
    "due_soon",
    "on_time",
    "reworked",
    "returned",
    "extended",
    "recurred",
    "open",
    "mine",
)


def filter_errors(params) -> dict[str, str]:
    """{parameter: reason} for every value the filters cannot read (no query is made)."""
    errors: dict[str, str] = {}
    if bad := [s for s in _values(params, "status") if s not in Status.values]:
        errors["status"] = _("Unknown status: %(value)s") % {"value": ", ".join(bad)}
    if bad := [s for s in _values(params, "source") if s not in Source.values]:
        errors["source"] = _("Unknown source: %(value)s") % {"value": ", ".join(bad)}
    for key in ID_PARAMS:
        if (value := _get(params, key)) and _int(value) is None:
            errors[key] = _("Not an id: %(value)s") % {"value": value[:40]}
    for key in DATE_PARAMS:
        if not (value := _get(params, key)) or _date(value) is not None:
            continue
        if _any_date(value) is None:
            errors[key] = _("Not a date (YYYY-MM-DD): %(value)s") % {"value": value[:40]}
        else:
            errors[key] = _("Not a date between %(min)s and %(max)s: %(value)s") % {
                "min": DATE_MIN.isoformat(),
                "max": DATE_MAX.isoformat(),
                "value": value[:40],
            }
    for key in FLAG_PARAMS:
        if (value := _get(params, key)) and value not in ("0", "1"):
            errors[key] = _("Use 1 (yes) or 0 (no), not %(value)s") % {"value": value[:40]}
    pending = _get(params, "pending")
    if pending and pending not in ("any", "none", *Pending.values):
        errors["pending"] = _("Unknown request: %(value)s") % {"value": pending[:40]}
    for registered in problem_filters():
        if value := _get(params, registered.param):
            try:
                registered.parse(value)
            except ValueError as exc:
                errors[registered.param] = str(exc)
    return errors


def filter_problems(user, params) -> QuerySet[Problem]:
    """The problems this user may see that match the ledger list's parameters (see
    FILTER_PARAMS). Not ordered: the caller orders (the list by keyset, exports as they like)."""
    qs = visible_problems(user)
    now = timezone.now()

    statuses = [s for s in _values(params, "status") if s in Status.values]
    if statuses:
        qs = qs.filter(status__in=statuses)
    if _flag(params, "open") == "1":
        qs = qs.exclude(status__in=FINISHED_STATUSES)

    if code := _get(params, "category"):
        cat = Category.objects.filter(code=code).values("id", "parent_id").first()
        if cat is None:
            qs = qs.none()
        elif cat["parent_id"] is None:
            qs = qs.filter(main_category_id=cat["id"])
        else:
            qs = qs.filter(category_id=cat["id"])

    qs = _unit_filter(qs, "owner_unit", _int(_get(params, "unit")))
    qs = _unit_filter(qs, "supporting_unit", _int(_get(params, "support")))

    if grid := _get(params, "grid"):
        if grid.isdigit() and len(grid) == GRID_CODE_LENGTH:
            qs = qs.filter(grid__code=grid)
        elif (grid_id := _int(grid)) is not None:
            qs = qs.filter(grid_id=grid_id)
        else:  # what a clerk types: the grid's name
            qs = qs.filter(grid__name=grid[:100])

    sources = [s for s in _values(params, "source") if s in Source.values]
    if sources:
        qs = qs.filter(source__in=sources)

    if _flag(params, "overdue") == "1":
        qs = qs.filter(overdue_q(now))
    if _flag(params, "due_soon") == "1":
        qs = qs.filter(due_soon_q(now))

    qs = _date_range(qs, params, "reported_at", "date_from", "date_to")
    qs = _date_range(qs, params, "closed_at", "closed_from", "closed_to")
    qs = _date_range(qs, params, "due_at", "due_from", "due_to")

    if text := _get(params, "q")[:100]:
        if NUMBER_RE.match(text):
            qs = qs.filter(number=text)  # the unique index: instant at any size
        else:
            qs = qs.filter(
                Q(number__contains=text)
                | Q(description__icontains=text)
                | Q(address__icontains=text)
            )

    pending = _get(params, "pending")
    if pending == "any":
        qs = qs.exclude(pending=Pending.NONE)
    elif pending == "none":
        qs = qs.filter(pending=Pending.NONE)
    elif pending in Pending.values and pending:
        qs = qs.filter(pending=pending)

    for registered in problem_filters():
        if value := _get(params, registered.param):
            try:
                parsed = registered.parse(value)
            except ValueError:
                continue  # filter_errors names it; the callers list nothing then
            qs = registered.apply(qs, parsed)

    on_time = _flag(params, "on_time")
    if on_time:
        qs = qs.filter(closed_on_time=on_time == "1")
    for key, counter in (
        ("reworked", "rework_count"),
        ("returned", "return_count"),
        ("extended", "extension_count"),
        ("recurred", "recurrence_count"),
    ):
        flag = _flag(params, key)
        if flag == "1":
            qs = qs.filter(**{f"{counter}__gt": 0})
        elif flag == "0":
            qs = qs.filter(**{counter: 0})
    if _flag(params, "mine") == "1":
        qs = qs.filter(reported_by=user)
    qs = _date_range(qs, params, "dispatched_at", "dispatched_from", "dispatched_to")
    return _returns(qs, params)


def _returns(qs: QuerySet[Problem], params) -> QuerySet[Problem]:
    """Returns approved in a period, by the unit that returned them (and the units below it):
    the problem has left that unit since, so only the timeline knows (the indicators count
    returns this way; their drill-down lands here)."""
    start, end = _date(_get(params, "returned_from")), _date(_get(params, "returned_to"))
    by = _int(_get(params, "returned_by"))
    if start is None and end is None and by is None:
        return qs
    events = ProblemEvent.objects.filter(kind=EventKind.APPROVE_RETURN)
    if start:
        events = events.filter(at__gte=day_start(start))
    if end:
        events = events.filter(at__lt=day_start(end + dt.timedelta(days=1)))
    if by is not None:
        unit = Unit.objects.filter(pk=by).values("path").first()
        if unit is None:
            return qs.none()
        below = list(
            Unit.objects.filter(path__startswith=unit["path"]).values_list("id", flat=True)
        )
        events = events.filter(data__returned_unit_id__in=below)
    return qs.filter(pk__in=events.values("problem_id"))
