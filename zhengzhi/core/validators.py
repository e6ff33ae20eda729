"""Input limits every API shares: what the databases can hold.

PostgreSQL refuses a NUL character in text, SQLite an integer past 2^63 - 1, and Python a date
whose day after (or whose UTC time) falls outside years 1..9999. Reaching the database with any of
them is a 500; API schemas use these types so that such input is a 422 naming the field.
Django's form CharField already refuses NUL (ProhibitNullCharactersValidator); a form's date
filter takes `validate_filter_date`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy
from ninja import Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

DB_ID_MAX = 2**63 - 1
# Far enough from year 1 and 9999 that a time zone or "the day after" cannot overflow.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(9998, 12, 31)


def nul_message() -> str:
    # Django's own message, so its catalogues already translate it.
    return gettext("Null characters are not allowed.")


def reject_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(nul_message())
    return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, BaseModel):
        return any(_has_nul(v) for v in value.__dict__.values())
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(_has_nul(v) for v in value)
    return False


def validate_filter_date(value: dt.date) -> None:
    """A form's date filter: a date whose start of day (Beijing time, as UTC) or day after falls
    outside Python's calendar cannot become a query."""
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            gettext_lazy("Enter a date between %(min)s and %(max)s."),
            code="date_range",
            params={"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
        )


# A database row id in a URL, a filter or a body.
DbId = Annotated[int, Field(ge=1, le=DB_ID_MAX)]
# A text parameter outside a schema (a plain query parameter).
Text = Annotated[str, AfterValidator(reject_nul)]


def iso_date_only(value: Any) -> Any:
    """Pydantic reads a number (`day=0`) as seconds since 1970 and takes it for a date; a date
    here is written YYYY-MM-DD and nothing else."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return value
    # The type `date_parsing` is translated like pydantic's own (core.api_errors).
    raise PydanticCustomError(
        "date_parsing", "Input should be a valid date in the format YYYY-MM-DD"
    )


# A date filter or field: YYYY-MM-DD, within what a query can hold.
SafeDate = Annotated[dt.date, BeforeValidator(iso_date_only), Field(ge=DATE_MIN, le=DATE_MAX)]


class InputSchema(Schema):
    """A request schema (body or query) that refuses a NUL character in any of its strings,
    however deeply nested."""

    @model_validator(mode="after")
    def _refuse_nul(self):
        for name, value in self.__dict__.items():
            if _has_nul(value):
                raise ValueError(f"{name}: {nul_message()}")
        return self
