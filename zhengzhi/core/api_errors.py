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


def translated(errors: list[dict]) -> list[dict]:
    out = []
    for error in errors:
        make = MESSAGES.get(str(error.get("type", "")))
        if make is not None:
            error = {**error, "msg": make(error.get("ctx") or {})}
        out.append(error)
    return out


class FieldErrors(Schema):
    detail: list[dict]


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
