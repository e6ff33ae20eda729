"""Who hears of a move: in-app inbox and e-mail, sent by the worker after commit."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhengzhi.accounts.models import User
from zhengzhi.accounts.roles import Role
from zhengzhi.ledger.models import Problem
from zhengzhi.notifications.services import notify


def _url(problem: Problem) -> str:
    return f"/ledger/problems/{problem.pk}/"


def _users(unit_id: int | None, *roles: str):
    if unit_id is None:
        return User.objects.none()
    return User.objects.filter(unit_id=unit_id, is_active=True, roles__role__in=roles).distinct()


def _office(*roles: str):
    return User.objects.filter(
        is_active=True, unit__kind="office", roles__role__in=roles
    ).distinct()


def dispatched(p: Problem) -> None:
    notify(
        _users(p.owner_unit_id, Role.HANDLER, Role.UNIT_LEADER),
        _("New problem %(number)s to handle") % {"number": p.number},
        p.description[:500],
        url=_url(p),
        kind="problem.dispatched",
        channels=("inbox", "email"),
    )


def request_made(p: Problem, kind: str) -> None:
    notify(
        _office(Role.OFFICE_ADMIN, Role.UNIT_LEADER),
        _("Problem %(number)s: a request awaits your decision") % {"number": p.number},
        p.description[:500],
        url=_url(p),
        kind=f"problem.request.{kind}",
        channels=("inbox",),
    )


def request_decided(p: Problem, req) -> None:
    notify(
        [req.requested_by],
        _("Problem %(number)s: your request was decided") % {"number": p.number},
        req.decision_note or "",
        url=_url(p),
        kind="problem.request.decided",
        channels=("inbox",),
    )


def reported_back(p: Problem) -> None:
    notify(
        _office(Role.INSPECTOR),
        _("Problem %(number)s awaits verification") % {"number": p.number},
        p.description[:500],
        url=_url(p),
        kind="problem.reported_back",
        channels=("inbox",),
    )


def verified(p: Problem, *, closed: bool) -> None:
    subject = (
        _("Problem %(number)s was verified and closed")
        if closed
        else _("Problem %(number)s was sent back for rework")
    )
    notify(
        _users(p.owner_unit_id, Role.HANDLER, Role.UNIT_LEADER),
        subject % {"number": p.number},
        "",
        url=_url(p),
        kind="problem.verified",
        channels=("inbox",),
    )
