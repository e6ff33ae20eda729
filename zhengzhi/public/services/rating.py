"""The citizen's verdict on a closed problem (满意 / 基本满意 / 不满意), and the office's answer
to a "not satisfied".

A report follows its problem, or the master its problem was merged into. A citizen rates once per
closing: after a reopening and a new closing they may rate the new result. "Not satisfied" puts
the problem before the office: a note on the ledger timeline, a message to the verifiers, and
the verifiers' work-queue section "Citizen not satisfied" until one of them reopens the problem
or marks the rating reviewed (with what was done about it; dispatchers, who answer citizens on
the phone, may mark it too).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from zhengzhi.accounts.models import User
from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.ledger.models import EventKind, Problem, ProblemEvent, Status
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.ledger.services.permissions import can_dispatch, can_verify
from zhengzhi.notifications.messages import Message
from zhengzhi.notifications.services import notify
from zhengzhi.public.errors import PublicReportError
from zhengzhi.public.models import PublicReport, Rating

MAX_COMMENT = 1000


def followed_problem(problem: Problem) -> Problem:
    """The problem a report follows: its own, or the master it was merged into."""
    seen = {problem.pk}
    while problem.master_id and problem.master_id not in seen:
        seen.add(problem.master_id)
        problem = Problem.objects.get(pk=problem.master_id)
    return problem


def may_rate(report: PublicReport, problem: Problem) -> bool:
    """`problem` is the followed problem."""
    if problem.status != Status.CLOSED or problem.closed_at is None:
        return False
    return report.rated_at is None or report.rated_at < problem.closed_at


@transaction.atomic
def rate(report_id: int, *, rating: str, comment: str = "", request=None) -> PublicReport:
    report = PublicReport.objects.select_for_update().get(pk=report_id)
    problem = followed_problem(report.problem)
    if rating not in Rating.values:
        raise PublicReportError(_("Choose one of the three answers."), "invalid", "rating")
    comment = (comment or "").strip()
    if "\x00" in comment:
        raise PublicReportError(_("Null characters are not allowed."), "invalid", "comment")
    if len(comment) > MAX_COMMENT:
        raise PublicReportError(
            _("The comment is too long: at most %(limit)d characters.") % {"limit": MAX_COMMENT},
            "invalid",
            "comment",
        )
    if not may_rate(report, problem):
        if problem.status == Status.CLOSED:
            message = _("You have already rated this result. Thank you.")
        else:
            message = _("You can rate the result once the problem is done.")
        raise PublicReportError(message, "not_allowed", "rating")
    now = timezone.now()
    report.rating, report.rating_comment, report.rated_at = rating, comment, now
    report.rating_reviewed_at, report.rating_reviewed_by = None, None
    report.save(
        update_fields=[
            "rating",
            "rating_comment",
            "rated_at",
            "rating_reviewed_at",
            "rating_reviewed_by",
        ]
    )
    label = Rating(rating).label
    ProblemEvent.objects.create(
        problem=problem,
        kind=EventKind.NOTE,
        at=now,
        from_status=problem.status,
        to_status=problem.status,
        note=str(_("Citizen's rating: %(rating)s.") % {"rating": label})
        + (f" {comment}" if comment else ""),
        data={"citizen_rating": rating, "report": report.pk},
    )
    record(
        "public.rate",
        obj=report,
        unit_id=problem.owner_unit_id,
        request=request,
        data={"problem": problem.number, "rating": rating, "comment": bool(comment)},
    )
    if rating == Rating.UNSATISFIED:
        notify(
            User.objects.filter(
                is_active=True,
                unit__kind="office",
                roles__role__in=(Role.INSPECTOR, Role.OFFICE_ADMIN),
            ).distinct(),
            Message(
                gettext_noop("Problem %(number)s: a citizen is not satisfied with the result"),
                {"number": problem.number},
            ),
            comment[:500],
            url=f"/ledger/problems/{problem.pk}/",
            kind="public.unsatisfied",
            channels=("inbox",),
        )
    return report


def may_review(user) -> bool:
    """The office's dispatchers (who answer citizens) and verifiers (who may reopen)."""
    return can_dispatch(user) or can_verify(user)


@transaction.atomic
def mark_reviewed(problem_id: int, *, actor, note: str, request=None) -> int:
    """The office looked into the citizens' "not satisfied" and says what it did (explained it
    to them, for instance) without reopening. Returns how many ratings were marked."""
    if not may_review(actor):
        raise PublicReportError(_("You may not do this."), "not_allowed")
    try:
        problem = visible_problems(actor).select_for_update(of=("self",)).get(pk=problem_id)
    except Problem.DoesNotExist:
        raise PublicReportError(_("There is no such problem."), "not_found") from None
    note = (note or "").strip()
    if not note or "\x00" in note:
        raise PublicReportError(_("Please say what was done about it."), "invalid", "note")
    now = timezone.now()
    marked = PublicReport.objects.filter(
        Q(problem=problem) | Q(problem__master=problem),
        rating=Rating.UNSATISFIED,
        rating_reviewed_at__isnull=True,
    ).update(rating_reviewed_at=now, rating_reviewed_by=actor)
    if not marked:
        raise PublicReportError(_("No citizen's rating awaits review here."), "not_allowed")
    ProblemEvent.objects.create(
        problem=problem,
        kind=EventKind.NOTE,
        at=now,
        actor=actor,
        actor_unit_id=actor.unit_id,
        from_status=problem.status,
        to_status=problem.status,
        note=str(_("Citizen's rating reviewed: %(note)s") % {"note": note[:500]}),
        data={"citizen_rating_reviewed": marked},
    )
    record(
        "public.rating_reviewed",
        actor=actor,
        obj=problem,
        unit_id=problem.owner_unit_id,
        request=request,
        data={"ratings": marked, "note": note[:500]},
    )
    return marked
