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
from zhengzhi.accounts.roles import Role

PHONE_RE = re.compile(r"^[0-9+\- ]*$")


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
            if len(username) > 150:
                add("username", _("A username has up to 150 letters, digits and @ . + - _ only."))
            elif check_database:
                qs = User.objects.filter(username__iexact=username)
                if instance is not None and instance.pk:
                    qs = qs.exclude(pk=instance.pk)
                if qs.exists():
                    add("username", _("The username %(u)s is taken.") % {"u": username})
    if not full_name:
        add("full_name", _("A name is required."))
    elif len(full_name) > 60:
        add("full_name", _("The name is longer than 60 characters."))
    if len(phone) > 30 or not PHONE_RE.match(phone):
        add("phone", _("A phone number has up to 30 digits, spaces, + and -."))
    if email:
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
    for role in roles:
        if role not in Role.values:
            add("roles", _("Unknown role %(r)s.") % {"r": role})
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
