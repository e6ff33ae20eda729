"""Public reporting's places on the ledger's pages, registered in PublicConfig.ready (the
ledger never imports public reporting: see zhengzhi.ledger.registry).

- the work queue's "Citizen not satisfied" tab: closed problems a citizen rated "not satisfied"
  and the office has not yet reviewed; the verifier reopens them, or the office (dispatcher or
  verifier) marks the rating reviewed (services.rating);
- the problem page's public reports (reporters masked for the office, a count for the others,
  candidate duplicates for the dispatcher) and the citizens' ratings of the result.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.models import Problem, Status
from zhengzhi.ledger.registry import (
    DetailPanel,
    QueueTab,
    register_detail_panel,
    register_queue_tab,
)
from zhengzhi.public.models import PublicReport, Rating
from zhengzhi.public.queries import awaiting_review_q
from zhengzhi.public.services.rating import may_review
from zhengzhi.public.views_office import reporters_panel

UNSATISFIED_TAB = QueueTab(
    key="unsatisfied",
    label=_("Citizen not satisfied"),
    shows=may_review,
    q=lambda user: awaiting_review_q(),
    statuses=(Status.CLOSED,),
    order=("closed_at", "id"),
    link={"status": Status.CLOSED},
    place=65,  # after "To verify": the verifier's next work
)


def reporters_context(user, problem: Problem, allowed: set[str]) -> dict | None:
    panel = reporters_panel(user, problem, allowed=allowed)
    return None if panel is None else {"panel": panel}


def ratings_context(user, problem: Problem, allowed: set[str]) -> dict | None:
    """The citizens' ratings of the result (never who gave them) and, for the office, the form
    that answers a "not satisfied". One query."""
    ratings = list(
        PublicReport.objects.filter(Q(problem=problem) | Q(problem__master=problem))
        .exclude(rating="")
        .order_by("rated_at")
        .values("rating", "rating_comment", "rated_at", "rating_reviewed_at")
    )
    if not ratings:
        return None
    for r in ratings:
        r["label"] = Rating(r["rating"]).label
    awaiting = any(
        r["rating"] == Rating.UNSATISFIED and r["rating_reviewed_at"] is None for r in ratings
    )
    return {"problem": problem, "ratings": ratings, "can_review": awaiting and may_review(user)}


PANELS = (
    DetailPanel("public.reports", "public/office/_reporters.html", reporters_context, "main", 10),
    DetailPanel("public.ratings", "public/_citizen_ratings.html", ratings_context, "main", 20),
)


def register() -> None:
    register_queue_tab(UNSATISFIED_TAB)
    for panel in PANELS:
        register_detail_panel(panel)
