"""Validation errors of the API in the caller's language.

Pydantic writes its messages in English ("Field required"); an office clerk reading an error from
the API in Chinese should not meet them. Each error keeps its machine-readable `type` and `loc`,
and its `msg` is translated for the common types (the rest keep pydantic's words).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Schema

# pydantic error type -> message; ctx values (max_length, ge...) fill the placeholders.
MESSAGES = {
    "missing": lambda ctx: _("This field is required."),  # Django's own words (这个字段是必填项。)
    "string_too_long": lambda ctx: _("At most %(n)s characters.") % {"n": ctx.get("max_length")},
    "string_too_short": lambda ctx: _("At least %(n)s characters.") % {"n": ctx.get("min_length")},
    "too_long": lambda ctx: _("At most %(n)s items.") % {"n": ctx.get("max_length")},
    "string_type": lambda ctx: _("Give text here."),
    "int_parsing": lambda ctx: _("Give a whole number."),
    "int_type": lambda ctx: _("Give a whole number."),
    "float_parsing": lambda ctx: _("Give a number."),
    "float_type": lambda ctx: _("Give a number."),
    "bool_parsing": lambda ctx: _("Give true or false."),
    "greater_than_equal": lambda ctx: _("At least %(n)s.") % {"n": ctx.get("ge")},
    "less_than_equal": lambda ctx: _("At most %(n)s.") % {"n": ctx.get("le")},
    "greater_than": lambda ctx: _("More than %(n)s.") % {"n": ctx.get("gt")},
    "less_than": lambda ctx: _("Less than %(n)s.") % {"n": ctx.get("lt")},
    "enum": lambda ctx: _("One of: %(values)s.") % {"values": ctx.get("expected")},
    "literal_error": lambda ctx: _("One of: %(values)s.") % {"values": ctx.get("expected")},
    "date_parsing": lambda ctx: _("Give a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda ctx: _("Give a date as YYYY-MM-DD."),
    "datetime_parsing": lambda ctx: _("Give a date and time (ISO 8601)."),
    "datetime_from_date_parsing": lambda ctx: _("Give a date and time (ISO 8601)."),
    "json_invalid": lambda ctx: _("The body is not valid JSON."),
    "finite_number": lambda ctx: _("Give a finite number."),
}


def _body_loc(loc: list) -> list:
    """ninja places a body field under the view's parameter name (["body", "payload", "email"]);
    the services' errors name it ["body", "email"]. Every view here takes one body, so the name
    tells a client nothing: one location for the same field, whichever check refused it."""
    if len(loc) >= 2 and loc[0] == "body":
        return ["body", *loc[2:]]
    return loc


def translated(errors: list[dict]) -> list[dict]:
    out = []
    for error in errors:
        make = MESSAGES.get(str(error.get("type", "")))
        if make is not None:
            error = {**error, "msg": make(error.get("ctx") or {})}
        if "loc" in error:
            error = {**error, "loc": _body_loc(list(error["loc"]))}
        out.append(error)
    return out


class FieldError(Schema):
    # Schema checks also give pydantic's `type` (and `ctx`); a service's refusal gives these two.
    loc: list[str | int]
    msg: str


class FieldErrors(Schema):
    """A 422: each refused field named by its location, with the reason."""

    detail: list[FieldError]


class Message(Schema):
    """A 401, 403 or 404: the reason in the caller's language."""

    detail: str


class BadValue(Schema):
    """A 400: a value the server cannot use (out of range, refused by a rule), with the reason."""

    detail: str | list[str]


def field_errors(exc: ValidationError) -> dict:
    """Django's ValidationError as ninja-style 422 details: [{loc, msg}]."""
    if hasattr(exc, "error_dict"):
        return {
            "detail": [
                {"loc": ["body", name], "msg": message}
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        }
    return {"detail": [{"loc": ["body"], "msg": m} for m in exc.messages]}
