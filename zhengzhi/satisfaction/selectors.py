"""What the follow-up pages read: the queue of problems awaiting a call, a problem's calls and
reports, and the rated problems behind a satisfaction figure (all scoped to the viewer)."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhengzhi.ledger.models import Problem, Source, Status
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.public.models import PublicReport
from zhengzhi.satisfaction.models import FollowUpCall
from zhengzhi.satisfaction.rates import rated_problems

# A closed problem waits for a call for this many days after its closure, and until a call
# reached the citizen or this many attempts reached nobody.
WINDOW_DAYS = 30
MAX_ATTEMPTS = 3
# Problems a citizen reported come first: someone is waiting to hear from us.
CITIZEN_SOURCES = (Source.PUBLIC, Source.HOTLINE)


def _count(qs: QuerySet) -> Subquery:
    return Subquery(
        qs.order_by().values("problem").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )


def awaiting_calls(user, now: dt.datetime | None = None) -> QuerySet[Problem]:
    """Closed problems (closed in the last WINDOW_DAYS days) with no call that reached the
    citizen since their closure and fewer than MAX_ATTEMPTS unanswered calls; citizens' reports
    first, then the longest waiting."""
    now = now or timezone.now()
    since_close = FollowUpCall.objects.filter(
        problem=OuterRef("pk"), called_at__gte=OuterRef("closed_at")
    )
    reports = PublicReport.objects.filter(
        Q(problem=OuterRef("pk")) | Q(problem__master=OuterRef("pk")), has_contact=True
    )
    rated = PublicReport.objects.filter(
        Q(problem=OuterRef("pk")) | Q(problem__master=OuterRef("pk"))
    ).exclude(rating="")
    return (
        visible_problems(user)
        .filter(status=Status.CLOSED, closed_at__gte=now - dt.timedelta(days=WINDOW_DAYS))
        .annotate(
            reached_call=Exists(since_close.filter(reached=True)),
            attempts=Coalesce(_count(since_close), Value(0)),
            reporters=Coalesce(_count(reports), Value(0)),
            citizen_rated=Exists(rated),
            citizens_first=Case(
                When(source__in=CITIZEN_SOURCES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .filter(reached_call=False, attempts__lt=MAX_ATTEMPTS)
        .select_related("category", "owner_unit")
        .order_by("citizens_first", "closed_at", "pk")
    )


def recent_calls(user, limit: int = 20) -> list[FollowUpCall]:
    problems = visible_problems(user).values("pk")
    return list(
        FollowUpCall.objects.filter(problem__in=problems)
        .select_related("problem", "caller")
        .order_by("-called_at", "-pk")[:limit]
    )


def calls_of(problem: Problem) -> list[FollowUpCall]:
    return list(problem.followup_calls.select_related("caller").order_by("called_at", "pk"))


def drill_down(
    user,
    start: dt.datetime,
    end: dt.datetime,
    *,
    field: str | None = None,
    value: int | None = None,
    rating: str = "",
) -> QuerySet[Problem]:
    """The problems behind a satisfaction figure: rated in [start, end), of one unit or
    category (`field` = `value`), with one counted rating if asked; those the viewer may see."""
    qs = visible_problems(user)
    if field and value is not None:
        qs = qs.filter(**{field: value})
    qs = rated_problems(start, end, qs)
    if rating == "satisfied_any":
        qs = qs.filter(counted_rating__in=("satisfied", "basic"))
    elif rating:
        qs = qs.filter(counted_rating=rating)
    calls = FollowUpCall.objects.filter(problem=OuterRef("pk"), reached=True).exclude(rating="")
    citizen = PublicReport.objects.filter(
        Q(problem=OuterRef("pk")) | Q(problem__master=OuterRef("pk"))
    ).exclude(rating="")
    qs = qs.annotate(
        call_comment=Subquery(calls.order_by("-called_at", "-pk").values("comment")[:1]),
        citizen_comment=Subquery(citizen.order_by("-rated_at", "-pk").values("rating_comment")[:1]),
    )
    return qs.select_related("category", "owner_unit").order_by(F("counted_at").desc(), "-pk")
