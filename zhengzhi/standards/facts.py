"""Values the platform measures itself, filled from facts rather than typed.

- The satisfaction rate (群众对卫生状况满意率) of a year: the problems rated in it (follow-up calls
  and citizens' own ratings, one counted rating per problem: zhengzhi.satisfaction.rates) and the
  answers to questionnaires' satisfaction questions submitted in it, together:
  (satisfied + basically satisfied) ÷ all who rated or answered.
- Ledger counts for an item mapped to problem categories: the problems of those categories
  (main or sub-category) registered, closed, open and overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q

from zhengzhi.ledger.models import Problem, Status
from zhengzhi.ledger.models.problems import OPEN_STATUSES
from zhengzhi.public.models import SATISFIED_RATINGS
from zhengzhi.satisfaction.rates import rated_problems
from zhengzhi.standards.models import IndicatorValue, Item, Measure, ValueSource
from zhengzhi.standards.services.values import record_fact
from zhengzhi.surveys.models import Answer, QuestionKind

SATISFACTION = "satisfaction"


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


@dataclass(frozen=True)
class SatisfactionCount:
    rated: int  # problems rated (calls, citizens)
    satisfied: int
    answered: int  # questionnaire answers
    answered_satisfied: int

    @property
    def total(self) -> int:
        return self.rated + self.answered

    @property
    def rate(self) -> Decimal | None:
        if not self.total:
            return None
        share = Decimal(self.satisfied + self.answered_satisfied) * 100 / self.total
        return share.quantize(Decimal("0.01"))


def satisfaction_count(year: int) -> SatisfactionCount:
    start, end = _year_bounds(year)
    problems = rated_problems(start, end).aggregate(
        rated=Count("pk"), satisfied=Count("pk", filter=Q(counted_rating__in=SATISFIED_RATINGS))
    )
    answers = Answer.objects.filter(
        question__kind=QuestionKind.SATISFACTION,
        response__submitted_at__gte=start,
        response__submitted_at__lt=end,
        choice__isnull=False,
    ).aggregate(
        answered=Count("pk"),
        satisfied=Count("pk", filter=Q(choice__rating__in=SATISFIED_RATINGS)),
    )
    return SatisfactionCount(
        problems["rated"], problems["satisfied"], answers["answered"], answers["satisfied"]
    )


def fill_satisfaction(year: int, unit, *, actor=None) -> IndicatorValue | None:
    """Writes the year's satisfaction rate for every measure filled from it (None: nobody
    rated or answered in that year, so there is no figure)."""
    count = satisfaction_count(year)
    if count.rate is None:
        return None
    value = None
    for measure in Measure.objects.filter(fact=SATISFACTION):
        value = record_fact(
            measure,
            measure.lead_department or unit,
            dt.date(year, 1, 1),
            count.rate,
            ValueSource.SATISFACTION,
            actor=actor,
            note=(
                f"problems rated {count.rated}, satisfied {count.satisfied}; "
                f"questionnaire answers {count.answered}, satisfied {count.answered_satisfied}"
            ),
        )
    return value


@dataclass
class LedgerCount:
    registered: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0


def item_ledger_counts(items: Iterable[Item], year: int) -> dict[int, LedgerCount]:
    """Per item mapped to problem categories: problems registered and closed in the year, open
    and overdue now. One GROUP BY over the mapped categories, summed per item here."""
    mapping: dict[int, set[int]] = {}
    Through = Item.problem_categories.through
    ids = [i.pk for i in items]
    for item_id, category_id in Through.objects.filter(item_id__in=ids).values_list(
        "item_id", "category_id"
    ):
        mapping.setdefault(item_id, set()).add(category_id)
    categories = set().union(*mapping.values()) if mapping else set()
    if not categories:
        return {}
    start, end = _year_bounds(year)
    rows = (
        Problem.objects.filter(Q(category__in=categories) | Q(main_category__in=categories))
        .exclude(status__in=(Status.MERGED, Status.REJECTED, Status.REPORTED))
        .values("category_id", "main_category_id")
        .order_by()
        .annotate(
            registered=Count("pk", filter=Q(registered_at__gte=start, registered_at__lt=end)),
            closed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, overdue_at__isnull=False)),
        )
    )
    out: dict[int, LedgerCount] = {}
    for row in rows:
        for item_id, mapped in mapping.items():
            if row["category_id"] in mapped or row["main_category_id"] in mapped:
                count = out.setdefault(item_id, LedgerCount())
                for key in ("registered", "closed", "open", "overdue"):
                    setattr(count, key, getattr(count, key) + row[key])
    return out
