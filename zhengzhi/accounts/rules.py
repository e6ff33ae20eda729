"""The rules a user record must satisfy: one place for the user form, the API and the Excel
import."""

from __future__ import annotations

import re
import warnings

from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from zhengzhi.accounts.models import User
from zhengzhi.core.roles import Role

PHONE_RE = re.compile(r"^[0-9+\- ]*$")


def _max_length(name: str) -> int:
    return User._meta.get_field(name).max_length


def role_problems(roles) -> list[str]:
    """What is wrong with a set of roles as such (whoever holds them)."""
    problems = []
    for role in roles:
        if role not in Role.values:
            problems.append(_("Unknown role %(r)s.") % {"r": role})
    if Role.LEADER in roles and len(set(roles)) > 1:
        # A leader account reads everything and changes nothing (org.scope); another role would
        # promise a write access it does not have.
        problems.append(
            _("A leader account is read-only: the leader role cannot be combined with other roles.")
        )
    return problems


def validate_user(
    *,
    username: str,
    full_name: str,
    unit,
    roles: list[str],
    phone: str = "",
    email: str = "",
    instance: User | None = None,
    check_database: bool = True,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(str(message))

    if not username:
        add("username", _("A username is required."))
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            add("username", _("A username has up to 150 letters, digits and @ . + - _ only."))
        else:
            if len(username) > _max_length("username"):
                add("username", _("A username has up to 150 letters, digits and @ . + - _ only."))
            elif check_database:
                qs = User.objects.filter(username__iexact=username)
                if instance is not None and instance.pk:
                    qs = qs.exclude(pk=instance.pk)
                if qs.exists():
                    add("username", _("The username %(u)s is taken.") % {"u": username})
    if not full_name:
        add("full_name", _("A name is required."))
    elif len(full_name) > _max_length("full_name"):
        add("full_name", _("The name is longer than 60 characters."))
    if len(phone) > _max_length("phone") or not PHONE_RE.match(phone):
        add("phone", _("A phone number has up to 30 digits, spaces, + and -."))
    if len(email) > _max_length("email"):
        add(
            "email",
            _("An e-mail address has at most %(n)d characters.") % {"n": _max_length("email")},
        )
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            add("email", _("“%(e)s” is not an e-mail address.") % {"e": email})
    if unit is None:
        add("unit", _("Choose the user's unit."))
    elif not unit.is_active and (instance is None or instance.unit_id != unit.pk):
        add("unit", _("The unit %(name)s is deactivated.") % {"name": unit.name})
    if not roles:
        add("roles", _("Give the user at least one role."))
    for problem in role_problems(roles):
        add("roles", problem)
    return errors


def password_problems(password: str, user: User) -> list[str]:
    """The validators' messages for `password` (length, classes, similarity, common, history);
    `user` may be unsaved, then only its attributes are compared."""
    try:
        with warnings.catch_warnings():
            # The history validator warns about unsaved users; they simply have no history.
            warnings.filterwarnings("ignore", message="An unsaved user model")
            password_validation.validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []
