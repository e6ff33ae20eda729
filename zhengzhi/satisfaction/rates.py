"""The satisfaction rate (满意率): which rating counts for a problem, and the counts per group.

One rating per problem, the one that counts:
1. the latest follow-up call that reached the citizen and recorded a rating;
2. otherwise the citizen's own rating on the tracking page (the latest, when several reporters
   of the problem, merged duplicates included, rated it).
A problem is counted in the period in which its counted rating was given (the call's time, or
the moment the citizen rated), so that a rating stays where it fell even if the problem is
reopened later. Merged duplicates are counted on their master only.

    satisfaction rate = (satisfied + basically satisfied) ÷ problems rated

Everything here is aggregate SQL: one GROUP BY over the rated problems of the period, each
problem's counted rating picked by correlated subqueries on indexed columns.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.models import Problem, Status
from zhengzhi.public.models import SATISFIED_RATINGS, PublicReport, Rating
from zhengzhi.satisfaction.models import FollowUpCall

# The sanitary-city standard (国家卫生城市标准): 群众对卫生状况满意率 ≥ 90 %.
TARGET = 0.90

BY_CALL, BY_CITIZEN = "call", "citizen"

FORMULA = _(
    "satisfaction rate = (satisfied + basically satisfied) ÷ problems rated. Each problem counts "
    "once, with the rating of its latest follow-up call that reached the citizen, or else the "
    "citizen's own rating on the tracking page; it counts in the period in which that rating "
    "was given."
)


def _calls() -> QuerySet:
    return (
        FollowUpCall.objects.filter(problem=OuterRef("pk"), reached=True)
        .exclude(rating="")
        .order_by("-called_at", "-pk")
    )


def _citizen() -> QuerySet:
    return (
        PublicReport.objects.filter(Q(problem=OuterRef("pk")) | Q(problem__master=OuterRef("pk")))
        .exclude(rating="")
        .exclude(rated_at=None)
        .order_by("-rated_at", "-pk")
    )


def _candidates(start: dt.datetime, end: dt.datetime) -> Q:
    """The problems that may have a counted rating in [start, end): a rated call or a citizen's
    rating fell in it (on the problem itself or on a duplicate merged into it)."""
    calls = FollowUpCall.objects.filter(reached=True, called_at__gte=start, called_at__lt=end)
    reports = PublicReport.objects.filter(rated_at__gte=start, rated_at__lt=end).exclude(rating="")
    # One IN over a UNION: the few rated problems drive the query. Three ORed INs made
    # PostgreSQL walk every problem of a million-row ledger (3.7 s, for no rating at all).
    ids = (
        calls.exclude(rating="")
        .values("problem_id")
        .union(
            reports.values("problem_id"),
            reports.filter(problem__master__isnull=False).values("problem__master_id"),
        )
    )
    return Q(pk__in=ids)


def with_counted_rating(qs: QuerySet[Problem]) -> QuerySet[Problem]:
    """Annotates counted_rating, counted_at and rated_by (call / citizen / "")."""
    calls, citizen = _calls(), _citizen()
    return qs.annotate(
        call_rating=Subquery(calls.values("rating")[:1], output_field=CharField()),
        call_at=Subquery(calls.values("called_at")[:1], output_field=DateTimeField()),
        citizen_rating=Subquery(citizen.values("rating")[:1], output_field=CharField()),
        citizen_at=Subquery(citizen.values("rated_at")[:1], output_field=DateTimeField()),
    ).annotate(
        counted_rating=Coalesce("call_rating", "citizen_rating"),
        counted_at=Case(
            When(call_rating__isnull=False, then="call_at"),
            default="citizen_at",
            output_field=DateTimeField(),
        ),
        rated_by=Case(
            When(call_rating__isnull=False, then=Value(BY_CALL)),
            When(citizen_rating__isnull=False, then=Value(BY_CITIZEN)),
            default=Value(""),
            output_field=CharField(),
        ),
    )


def rated_problems(
    start: dt.datetime, end: dt.datetime, qs: QuerySet[Problem] | None = None
) -> QuerySet[Problem]:
    """Problems whose counted rating was given in [start, end), annotated as above."""
    qs = Problem.objects.all() if qs is None else qs
    qs = qs.exclude(status=Status.MERGED).filter(_candidates(start, end))
    return with_counted_rating(qs).filter(counted_at__gte=start, counted_at__lt=end)


def rating_counts(
    start: dt.datetime,
    end: dt.datetime,
    field: str,
    ids=None,
    qs: QuerySet[Problem] | None = None,
) -> QuerySet:
    """{field, rated, satisfied, basic, unsatisfied, by_call} per value of `field` (a problem
    column such as owner_unit_id, supporting_unit_id, main_category_id); `ids` limits it."""
    base = Problem.objects.all() if qs is None else qs
    base = base.filter(**{f"{field}__isnull": False})
    if ids is not None:
        base = base.filter(**{f"{field}__in": list(ids)})
    return (
        rated_problems(start, end, base)
        .values(field)
        .order_by()
        .annotate(
            rated=Count("pk"),
            satisfied=Count("pk", filter=Q(counted_rating=Rating.SATISFIED)),
            basic=Count("pk", filter=Q(counted_rating=Rating.BASIC)),
            unsatisfied=Count("pk", filter=Q(counted_rating=Rating.UNSATISFIED)),
            by_call=Count("pk", filter=Q(rated_by=BY_CALL)),
        )
    )


def rate(satisfied: int, rated: int) -> float | None:
    return satisfied / rated if rated > 0 else None


def is_satisfied(rating: str) -> bool:
    return rating in SATISFIED_RATINGS
