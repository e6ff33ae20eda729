"""Every change of the follow-up calls: recording a call, and showing the caller a reporter's
phone (through the public app's audited reveal). Each writes its audit row in the same
transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.ledger.models import Problem, Status
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.org.scope import scope_for
from zhengzhi.public.models import PublicReport, Rating
from zhengzhi.public.services.identity import Identity, reporter_identity, reports_of
from zhengzhi.satisfaction.models import FollowUpCall

# Who calls citizens back: the follow-up staff, and the office administrator standing in.
CALLER_ROLES = (Role.FOLLOWUP, Role.OFFICE_ADMIN)
CALL_REASON = "follow-up call"
MAX_COMMENT = 2000
MAX_NOTE = 200


class FollowUpError(Exception):
    """A call that cannot be recorded; the message says why (shown to the caller)."""

    def __init__(self, message, code: str = "invalid", field: str | None = None):
        super().__init__(str(message))
        self.message, self.code, self.field = message, code, field


def can_call(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.has_role(*CALLER_ROLES)
        and scope_for(user).can_write
    )


def _text(value, limit: int, label, field: str) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise FollowUpError(_("Null characters are not allowed."), "invalid", field)
    if len(text) > limit:
        raise FollowUpError(
            _("%(what)s is too long: at most %(n)d characters.") % {"what": label, "n": limit},
            "invalid",
            field,
        )
    return text


def _report_of(problem: Problem, report_id) -> PublicReport | None:
    if report_id in (None, ""):
        return None
    try:
        return reports_of(problem).get(pk=int(report_id))
    except (PublicReport.DoesNotExist, TypeError, ValueError):
        raise FollowUpError(
            _("That reporter did not report this problem."), "invalid", "report"
        ) from None


@transaction.atomic
def record_call(
    problem_id: int,
    *,
    actor,
    reached: bool,
    rating: str = "",
    comment: str = "",
    note: str = "",
    report_id: int | str | None = None,
    calls_seen: int | None = None,
    request=None,
    now: dt.datetime | None = None,
) -> FollowUpCall:
    """Records one call on a closed problem. `calls_seen` is the number of calls the caller saw
    when opening the form: if another caller recorded one meanwhile, the call is refused so the
    citizen is not counted twice (the caller looks again)."""
    if not can_call(actor):
        raise PermissionDenied(_("Only follow-up staff record follow-up calls."))
    problem = visible_problems(actor).select_for_update(of=("self",)).filter(pk=problem_id).first()
    if problem is None:
        raise FollowUpError(_("There is no such problem."), "not_found")
    if problem.status != Status.CLOSED:
        raise FollowUpError(_("Only closed problems are called back."), "not_closed")
    if calls_seen is not None and problem.followup_calls.count() != calls_seen:
        raise FollowUpError(
            _("Someone else recorded a call on this problem meanwhile: look at it again."),
            "stale",
        )
    rating = (rating or "").strip()
    if reached:
        if rating not in Rating.values:
            raise FollowUpError(
                _("Record the citizen's rating: satisfied, basically satisfied or not."),
                "invalid",
                "rating",
            )
    elif rating:
        raise FollowUpError(_("A call that reached nobody has no rating."), "invalid", "rating")
    call = FollowUpCall.objects.create(
        problem=problem,
        report=_report_of(problem, report_id),
        called_at=now or timezone.now(),
        caller=actor,
        reached=bool(reached),
        rating=rating,
        comment=_text(comment, MAX_COMMENT, _("The comment"), "comment"),
        note=_text(note, MAX_NOTE, _("The note"), "note"),
    )
    record(
        "satisfaction.call",
        actor=actor,
        obj=call,
        unit_id=problem.owner_unit_id,
        request=request,
        data={
            "problem": problem.number,
            "report_id": call.report_id,
            "reached": call.reached,
            "rating": call.rating,
        },
    )
    return call


def phone_for_call(report: PublicReport, *, actor, request=None) -> Identity:
    """The reporter's name and phone for the caller, each look audited with the reason
    "follow-up call" (zhengzhi.public.services.identity). Only for a closed problem the caller
    may call back."""
    if not can_call(actor):
        raise PermissionDenied
    problem = report.problem.master or report.problem
    if (
        problem.status != Status.CLOSED
        or not visible_problems(actor).filter(pk=problem.pk).exists()
    ):
        raise PermissionDenied
    return reporter_identity(
        report, user=actor, reason=CALL_REASON, request=request, fields=("name", "phone")
    )
