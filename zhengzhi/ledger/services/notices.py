"""Who hears of a move: in-app inbox and e-mail, sent by the worker after commit.

Other apps hear of the loop's moves through listeners, not signals: an app registers a function
once (in its AppConfig.ready) with `register_listener(name, fn)`, and every move that matters
calls `fn(problem, event, **data)` inside the move's transaction (a rolled-back move tells no
one). Events: "registered", "rejected", "dispatched" (also after a reopen), "reported_back",
"closed", "reworked", "merged" (data: master). A failing listener is logged and rolled back to its
savepoint: a notice that cannot be queued never blocks the ledger.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext_noop

from zhengzhi.accounts.models import User
from zhengzhi.core.roles import Role
from zhengzhi.ledger.models import Problem
from zhengzhi.notifications.messages import Message
from zhengzhi.notifications.services import notify

log = logging.getLogger(__name__)

Listener = Callable[..., object]  # its return value is ignored
_LISTENERS: dict[str, Listener] = {}


def register_listener(name: str, fn: Listener) -> None:
    """`fn(problem, event, **data)`; registering a name again replaces its function."""
    _LISTENERS[name] = fn


def unregister_listener(name: str) -> None:
    _LISTENERS.pop(name, None)


def announce(problem: Problem, event: str, **data) -> None:
    for name, fn in list(_LISTENERS.items()):
        try:
            with transaction.atomic():
                fn(problem, event, **data)
        except Exception:
            log.exception("listener %s failed on %s of problem %s", name, event, problem.pk)


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


def registered(p: Problem) -> None:
    announce(p, "registered")


def rejected(p: Problem) -> None:
    announce(p, "rejected", reason=p.reject_reason)


def merged(p: Problem, master: Problem) -> None:
    announce(p, "merged", master=master)


def dispatched(p: Problem) -> None:
    announce(p, "dispatched")
    notify(
        _users(p.owner_unit_id, Role.HANDLER, Role.UNIT_LEADER),
        Message(gettext_noop("New problem %(number)s to handle"), {"number": p.number}),
        p.description[:500],
        url=_url(p),
        kind="problem.dispatched",
        channels=("inbox", "email"),
    )


def request_made(p: Problem, kind: str) -> None:
    notify(
        _office(Role.OFFICE_ADMIN, Role.UNIT_LEADER),
        Message(
            gettext_noop("Problem %(number)s: a request awaits your decision"), {"number": p.number}
        ),
        p.description[:500],
        url=_url(p),
        kind=f"problem.request.{kind}",
        channels=("inbox",),
    )


def request_decided(p: Problem, req) -> None:
    notify(
        [req.requested_by],
        Message(gettext_noop("Problem %(number)s: your request was decided"), {"number": p.number}),
        req.decision_note or "",
        url=_url(p),
        kind="problem.request.decided",
        channels=("inbox",),
    )


def reported_back(p: Problem) -> None:
    announce(p, "reported_back")
    notify(
        _office(Role.INSPECTOR),
        Message(gettext_noop("Problem %(number)s awaits verification"), {"number": p.number}),
        p.description[:500],
        url=_url(p),
        kind="problem.reported_back",
        channels=("inbox",),
    )


def verified(p: Problem, *, closed: bool) -> None:
    subject = (
        gettext_noop("Problem %(number)s was verified and closed")
        if closed
        else gettext_noop("Problem %(number)s was sent back for rework")
    )
    announce(p, "closed" if closed else "reworked")
    notify(
        _users(p.owner_unit_id, Role.HANDLER, Role.UNIT_LEADER),
        Message(subject, {"number": p.number}),
        "",
        url=_url(p),
        kind="problem.verified",
        channels=("inbox",),
    )
