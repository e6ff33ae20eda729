"""Reading inspections: the day's visits, a visit with its answers, and the results (scores per
unit, grid, place, checklist and month against the pass line) — each one query for the page,
whatever the number of rows, and always within the reader's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from zhengzhi.inspections.models import (
    Answer,
    MissedProblem,
    Result,
    VectorCheck,
    Visit,
    VisitStatus,
)
from zhengzhi.inspections.scope import RUN_BY_UNITS, visible_visits
from zhengzhi.org.scope import scope_for

VISIT_RELATED = ("plan", "checklist_version__checklist", "site", "segment", "unit", "inspector")

# What results are grouped by: the key's field and the field that names it.
GROUPS = {
    "unit": ("unit_id", "unit__name"),
    "street": ("street_id", "street__name"),
    "grid": ("grid_id", "grid__name"),
    "checklist": ("checklist_version__checklist_id", "checklist_version__checklist__name"),
    "site": ("site_id", "site__name"),
}


def day_visits(user, day: dt.date) -> QuerySet[Visit]:
    """The visits of the day the user sees; an inspector's own first."""
    return (
        visible_visits(user)
        .filter(due_on=day)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related(*VISIT_RELATED)
        .order_by("status", "window", "id")
    )


def answers_of(visit: Visit) -> list[Answer]:
    return list(
        visit.answers.select_related(
            "item", "problem", "item__checkpoint", "item__standard_item"
        ).order_by("item__position", "item_id")
    )


@dataclass(frozen=True)
class ResultFilter:
    start: dt.date
    end: dt.date  # inclusive
    by: str = "unit"
    plan_id: int | None = None
    checklist_id: int | None = None
    kind: str = ""


def submitted(user, f: ResultFilter) -> QuerySet[Visit]:
    qs = visible_visits(user).filter(
        status=VisitStatus.SUBMITTED,
        due_on__gte=f.start,
        due_on__lte=f.end,
    )
    if f.plan_id:
        qs = qs.filter(plan_id=f.plan_id)
    if f.checklist_id:
        qs = qs.filter(checklist_version__checklist_id=f.checklist_id)
    if f.kind:
        qs = qs.filter(plan__kind=f.kind)
    return qs


def results(user, f: ResultFilter) -> list[dict]:
    """One row per group: visits, passed, failed items, mean score (%), rate passed."""
    key, name = GROUPS.get(f.by, GROUPS["unit"])
    rows = (
        submitted(user, f)
        .values(key_id=F(key), name=F(name))
        .order_by()
        .annotate(
            visits=Count("id"),
            n_passed=Count("id", filter=Q(passed=True)),
            n_judged=Count("id", filter=Q(passed__isnull=False)),
            with_failures=Count("id", filter=Q(failures__gt=0)),
            failed_items=_sum("failures"),
            mean=Avg("percent"),
        )
    )
    out = []
    for r in rows:
        r["passed"], r["judged"] = r.pop("n_passed"), r.pop("n_judged")
        r["mean"] = _round(r["mean"])
        r["rate"] = _round(Decimal(r["passed"]) * 100 / r["judged"]) if r["judged"] else None
        out.append(r)
    out.sort(key=lambda r: (r["mean"] is None, -(r["mean"] or 0), str(r["name"] or "")))
    return out


def trend(user, f: ResultFilter) -> list[dict]:
    """Per month: visits and the mean score (%), for the chart."""
    rows = (
        submitted(user, f)
        .annotate(month=TruncMonth("due_on"))
        .values("month")
        .order_by("month")
        .annotate(
            visits=Count("id"), mean=Avg("percent"), n_passed=Count("id", filter=Q(passed=True))
        )
    )
    return [
        {
            "month": r["month"].strftime("%Y-%m"),
            "visits": r["visits"],
            "mean": _round(r["mean"]),
            "passed": r["n_passed"],
        }
        for r in rows
    ]


def weakest_items(user, f: ResultFilter, limit: int = 15) -> list[dict]:
    """The items failed most often, with their checkpoint: the drill-down's first step."""
    visits = submitted(user, f).values("pk")
    return list(
        Answer.objects.filter(visit__in=visits, result=Result.FAIL)
        .values(
            "item__code",
            "item__text",
            "item__version__checklist__name",
            "item__version__checklist_id",
            "item__checkpoint__text",
        )
        .order_by()
        .annotate(n=Count("id"), problems=Count("problem", distinct=True))
        .order_by("-n", "item__code")[:limit]
    )


def failed_answers(user, f: ResultFilter, item_code: str, checklist_id: int) -> QuerySet[Answer]:
    """The failures of one item with their visits and problems (the drill-down's last step)."""
    visits = submitted(user, f).values("pk")
    return (
        Answer.objects.filter(
            visit__in=visits,
            result=Result.FAIL,
            item__code=item_code,
            item__version__checklist_id=checklist_id,
        )
        .select_related("visit", "visit__site", "visit__unit", "problem", "item")
        .order_by("-visit__due_on", "-id")
    )


def _sum(field: str):
    from django.db.models import Sum

    return Sum(field)


def _round(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"))


def overdue_visits(user, today: dt.date) -> QuerySet[Visit]:
    """Planned visits past their day: a recheck (查一补三, after a deadline or a covert
    visit's feedback) missed is overdue."""
    return (
        visible_visits(user)
        .filter(status=VisitStatus.PLANNED, due_on__lt=today)
        .select_related(*VISIT_RELATED)
        .order_by("due_on", "id")
    )


def missed_problems(user, qs: QuerySet[MissedProblem] | None = None) -> QuerySet[MissedProblem]:
    """The missed-problem flags the user sees: the office every one; a unit those of the
    inspections it ran itself (its self- and peer inspections). Supervision reads this."""
    qs = MissedProblem.objects.all() if qs is None else qs
    scope = scope_for(user)
    if not scope.all_units:
        if not user.is_authenticated:
            return qs.none()
        qs = qs.filter(
            earlier_visit__plan__unit__in=scope.unit_ids,
            earlier_visit__plan__kind__in=RUN_BY_UNITS,
        )
    return qs.select_related(
        "earlier__item__version__checklist",
        "earlier_visit__site",
        "earlier_visit__segment",
        "earlier_visit__inspector",
        "later__visit__inspector",
        "later__problem",
        "unit",
    ).order_by("-flagged_at", "-id")


def vector_checks(user) -> QuerySet[VectorCheck]:
    """Vector checks of the units the user sees."""
    return (
        scope_for(user)
        .filter(VectorCheck.objects.select_related("unit", "site", "created_by"), field="unit")
        .order_by("-checked_on", "-id")
    )


def missed_flags():
    """The missed-problem flags as accountability reads them (its 漏查 rung; every flag, for the
    office's rules): the unit of the inspector who passed what a later visit found failing, the
    ledger problem that visit opened or joined, and what was missed."""
    rows = (
        MissedProblem.objects.filter(later__problem__isnull=False)
        .select_related("earlier__item", "earlier_visit__inspector", "earlier_visit__site", "later")
        .order_by("pk")
    )
    for m in rows.iterator(chunk_size=500):
        visit = m.earlier_visit
        inspector = visit.inspector
        place = visit.site.name if visit.site else visit.address
        day = timezone.localdate(visit.submitted_at) if visit.submitted_at else visit.due_on
        yield {
            "unit_id": inspector.unit_id if inspector else None,
            "problem_id": m.later.problem_id,
            "text": f"{day:%Y-%m-%d} {place}：{m.earlier.item.text}",
        }


def refindings(exclude=()):
    """Each time a submitted visit found a problem already open (a failure linked to it, a
    recheck included), as accountability reads them for its 督查单 ("each time it is found").
    A covert visit's findings count only once the office has released its plan, and never while
    the problem is held. `exclude`: answer ids already used (a list or a subquery)."""
    rows = (
        Answer.objects.filter(
            visit__status=VisitStatus.SUBMITTED,
            result=Result.FAIL,
            linked=True,
            problem__isnull=False,
            problem__held=False,
            problem__owner_unit__isnull=False,
        )
        .filter(Q(visit__covert=False) | Q(visit__plan__released_at__isnull=False))
        .exclude(pk__in=exclude)
        .select_related("item", "visit__site", "problem")
        .order_by("visit__submitted_at", "pk")
    )
    for a in rows.iterator(chunk_size=500):
        visit = a.visit
        place = visit.site.name if visit.site else visit.address
        day = timezone.localdate(visit.submitted_at) if visit.submitted_at else visit.due_on
        yield {
            "answer_id": a.pk,
            "problem_id": a.problem_id,
            "unit_id": a.problem.owner_unit_id,
            "number": a.problem.number,
            "day": day,
            "text": f"{day:%Y-%m-%d} {place}：{a.item.text}",
        }
