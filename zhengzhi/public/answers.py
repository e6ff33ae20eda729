"""Answers to a category's extra questions, checked the same way whether they come from the web
form or from an Open311 client (attribute[code]).

Unknown codes are ignored (clients such as FixMyStreet send their own extra fields along);
answers to notes (variable false) are ignored; a missing required answer, a number that is not
one, or a value outside a list's choices is an AnswerError naming the question (Open311 answers
it with a 400)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from zhengzhi.core.validators import DATE_MAX, DATE_MIN
from zhengzhi.public.models import Datatype, ExtraQuestion

# The public intake keeps answers of up to 1000 characters.
MAX_LENGTH = {Datatype.STRING: 500, Datatype.TEXT: 1000}


class AnswerError(Exception):
    """An answer refused: the question and the reason, for the web form and for Open311."""

    def __init__(self, attribute: ExtraQuestion, reason: str):
        super().__init__(reason)
        self.attribute, self.reason = attribute, reason


def w3c_datetime(value: str) -> dt.datetime | None:
    """A W3C date-time (2010-01-01T00:00:00Z, with an offset, or a bare date), as Open311 sends
    them; one without a time zone is read in the server's time zone. None if it is not one."""
    value = (value or "").strip()
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            parsed = dt.datetime.combine(day, dt.time(0)) if day else None
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None or not DATE_MIN <= parsed.date() <= DATE_MAX:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _bad(attribute: ExtraQuestion, message: str) -> AnswerError:
    return AnswerError(attribute, message)


def _choice(attribute: ExtraQuestion, value: str) -> str:
    for item in attribute.values or []:
        if value == str(item.get("key")) or value == str(item.get("name")):
            return str(item["key"])
    raise _bad(
        attribute,
        _("“%(value)s” is not one of the choices (%(keys)s).")
        % {"value": value[:50], "keys": ", ".join(attribute.value_keys())},
    )


def _one(attribute: ExtraQuestion, values: list[str]):
    datatype = attribute.datatype
    if datatype == Datatype.MULTI:
        if len(values) == 1 and "," in values[0] and values[0] not in attribute.value_keys():
            values = [v.strip() for v in values[0].split(",") if v.strip()]
        return list(dict.fromkeys(_choice(attribute, v) for v in values))
    value = values[-1]
    if datatype == Datatype.SINGLE:
        return _choice(attribute, value)
    if datatype == Datatype.NUMBER:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or abs(number) > 1e15:
            raise _bad(attribute, _("a number is expected."))
        return int(number) if number.is_integer() else number
    if datatype == Datatype.DATETIME:
        when = w3c_datetime(value)
        if when is None:
            raise _bad(attribute, _("a date and time is expected, e.g. 2026-05-01T08:30."))
        return when.isoformat()
    limit = MAX_LENGTH.get(datatype, 500)
    if len(value) > limit:
        raise _bad(attribute, _("at most %(n)d characters.") % {"n": limit})
    return value


def clean_answers(attributes: Iterable[ExtraQuestion], raw: dict[str, list[str]]) -> dict:
    answers: dict = {}
    for attribute in attributes:
        if not attribute.variable:
            continue
        values = raw.get(attribute.code) or []
        if not values:
            if attribute.required:
                raise _bad(attribute, _("an answer is required."))
            continue
        answers[attribute.code] = _one(attribute, values)
    return answers
