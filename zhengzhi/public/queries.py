"""Queries about public reports that other apps use (the office's work queue)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from zhengzhi.public.models import PublicReport, Rating


def reports_of_q(problem_ref="pk") -> Q:
    """The reports of a problem, with those of the duplicates merged into it (merging always
    points at the root master, so one level is all there is)."""
    return Q(problem=OuterRef(problem_ref)) | Q(problem__master=OuterRef(problem_ref))


def awaiting_review_q() -> Q:
    """Closed problems a citizen is not satisfied with (rated after the last closing) and that
    the office has not yet reviewed: they leave the queue when reopened or marked reviewed."""
    return Q(
        Exists(
            PublicReport.objects.filter(
                reports_of_q(),
                rating=Rating.UNSATISFIED,
                rating_reviewed_at__isnull=True,
                rated_at__gte=OuterRef("closed_at"),
            )
        )
    )
