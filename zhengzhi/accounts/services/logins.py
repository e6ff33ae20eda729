"""The login trail (等保: every login, failure and lockout is audited) and account lockout.

Django owns the login flow, so these are called from its signals (accounts.signals): that also
covers the Django admin's own login page. Passwords are never recorded, only the username tried.
"""

from __future__ import annotations

import datetime as dt

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from zhengzhi.accounts.models import User
from zhengzhi.audit.services import record


def _user_named(username: str) -> User | None:
    if not username:
        return None
    return User.objects.filter(username=username).first()


def record_login_success(user: User, request=None) -> None:
    record("login.success", actor=user, obj=user, request=request)


def record_login_failure(username: str, request=None) -> None:
    username = (username or "")[:150]
    user = _user_named(username)
    record(
        "login.failure",
        obj=user,
        object_type="" if user else "accounts.user",
        object_repr="" if user else username,
        data={"username": username},
        request=request,
    )


def record_lockout(username: str, request=None) -> None:
    username = (username or "")[:150]
    user = _user_named(username)
    until = lockout_until(username)
    record(
        "login.locked",
        obj=user,
        object_type="" if user else "accounts.user",
        object_repr="" if user else username,
        data={"username": username, "until": until.isoformat() if until else None},
        request=request,
    )


def record_logout(user: User | None, request=None) -> None:
    if user is not None and user.is_authenticated:
        record("logout", actor=user, obj=user, request=request)


def _recent_attempts(username: str):
    threshold = timezone.now() - get_cool_off()
    return AccessAttempt.objects.filter(username=username, attempt_time__gte=threshold)


def lockout_until(username: str) -> dt.datetime | None:
    """When the account may try again, or None when it is not locked."""
    agg = _recent_attempts(username).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    if not agg["failures"] or agg["failures"] < settings.AXES_FAILURE_LIMIT:
        return None
    return agg["last"] + get_cool_off()


def is_locked(username: str) -> bool:
    return lockout_until(username) is not None


@transaction.atomic
def unlock_user(user: User, *, actor: User, request=None) -> int:
    """Clears the failed attempts (axes) so the user may log in again at once."""
    count = axes_reset(username=user.username)
    record("user.unlock", actor=actor, obj=user, data={"attempts_cleared": count}, request=request)
    return count


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of `usernames` are locked out now (one query, for lists)."""
    threshold = timezone.now() - get_cool_off()
    rows = (
        AccessAttempt.objects.filter(username__in=usernames, attempt_time__gte=threshold)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"] for row in rows}
