"""`{% citizen_ratings problem %}` on the ledger's problem page: the citizens' ratings of the
result (never who gave them) and, for the office, the form that answers a "not satisfied"."""

from django import template
from django.db.models import Q

from zhengzhi.public.models import PublicReport, Rating
from zhengzhi.public.services.rating import may_review

register = template.Library()


@register.inclusion_tag("public/_citizen_ratings.html", takes_context=True)
def citizen_ratings(context, problem):
    ratings = list(
        PublicReport.objects.filter(Q(problem=problem) | Q(problem__master=problem))
        .exclude(rating="")
        .order_by("rated_at")
        .values("rating", "rating_comment", "rated_at", "rating_reviewed_at")
    )
    for r in ratings:
        r["label"] = Rating(r["rating"]).label
    awaiting = [
        r for r in ratings if r["rating"] == Rating.UNSATISFIED and r["rating_reviewed_at"] is None
    ]
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "problem": problem,
        "ratings": ratings,
        "awaiting": bool(awaiting),
        "can_review": bool(
            awaiting and user is not None and user.is_authenticated and may_review(user)
        ),
        "csrf_token": context.get("csrf_token"),
    }
