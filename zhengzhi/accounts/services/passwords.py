"""Passwords: changed by their owner, reset by the office administrator.

The history that keeps the last passwords from coming back is written by the
UniquePasswordsValidator's `password_changed` hook, which Django calls from `User.save()` after
`set_password()`: every path here saves the user that way, never with a queryset update."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhengzhi.accounts.models import User
from zhengzhi.accounts.rules import password_problems
from zhengzhi.audit.services import record

# No look-alikes (0/O, 1/l/I): temporary passwords are read out over the phone.
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_DIGITS = "23456789"
_SPECIAL = "!@#$%^&*"


def generate_temporary_password(user: User | None = None) -> str:
    length = max(12, settings.PASSWORD_MIN_LENGTH + 2)
    for _attempt in range(20):
        chars = [secrets.choice(s) for s in (_UPPER, _LOWER, _DIGITS, _SPECIAL)]
        pool = _UPPER + _LOWER + _DIGITS + _SPECIAL
        chars += [secrets.choice(pool) for _ in range(length - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        password = "".join(chars)
        if user is None or not password_problems(password, user):
            return password
    raise RuntimeError("could not generate a temporary password that passes the validators")


def _set(user: User, password: str, *, must_change: bool) -> None:
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.must_change_password = must_change
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])


@transaction.atomic
def change_password(user: User, new_password: str, *, request=None) -> None:
    """The owner's own change (old password already checked by the form)."""
    problems = password_problems(new_password, user)
    if problems:
        raise ValidationError({"new_password1": problems})
    was_required = user.password_expired()
    _set(user, new_password, must_change=False)
    record(
        "password.change",
        actor=user,
        obj=user,
        data={"was_required": was_required},
        request=request,
    )


@transaction.atomic
def reset_password(user: User, *, actor: User, request=None) -> str:
    """A temporary password the user must change at the next login. Returns it (shown once)."""
    password = generate_temporary_password(user)
    _set(user, password, must_change=True)
    record("password.reset", actor=actor, obj=user, request=request)
    return password


@transaction.atomic
def admin_set_password(user: User, password: str, *, actor: User | None, request=None) -> None:
    """A password chosen by an administrator (Django admin): the user must change it."""
    problems = password_problems(password, user)
    if problems:
        raise ValidationError({"password1": problems})
    _set(user, password, must_change=True)
    record("password.reset", actor=actor, obj=user, data={"chosen": True}, request=request)


@transaction.atomic
def disable_password(user: User, *, actor: User | None, request=None) -> None:
    """No password login at all (Django admin's "usable password: disabled")."""
    user.set_unusable_password()
    user.save(update_fields=["password"])
    record("password.disable", actor=actor, obj=user, request=request)
