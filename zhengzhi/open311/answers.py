"""Answers to a category's extra questions, as an Open311 client sends them (attribute[code]).

Unknown codes are ignored (clients such as FixMyStreet send their own extra fields along);
answers to notes (variable false) are ignored; a missing required answer, a number that is not
one, or a value outside a list's choices is a 400 naming the question."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from django.utils.translation import gettext as _

from zhengzhi.open311.formats import Open311Error
from zhengzhi.open311.models import Datatype, ServiceAttribute
from zhengzhi.open311.params import w3c_datetime

# The public intake keeps answers of up to 1000 characters.
MAX_LENGTH = {Datatype.STRING: 500, Datatype.TEXT: 1000}


class AnswerError(Open311Error):
    """A 400 naming the question; the web form shows the question and the reason alone."""

    def __init__(self, attribute: ServiceAttribute, reason: str):
        super().__init__(
            400,
            _("attribute[%(code)s] (%(question)s): %(message)s")
            % {"code": attribute.code, "question": attribute.description, "message": reason},
        )
        self.attribute, self.reason = attribute, reason


def _bad(attribute: ServiceAttribute, message: str) -> AnswerError:
    return AnswerError(attribute, message)


def _choice(attribute: ServiceAttribute, value: str) -> str:
    for item in attribute.values or []:
        if value == str(item.get("key")) or value == str(item.get("name")):
            return str(item["key"])
    raise _bad(
        attribute,
        _("“%(value)s” is not one of the choices (%(keys)s).")
        % {"value": value[:50], "keys": ", ".join(attribute.value_keys())},
    )


def _one(attribute: ServiceAttribute, values: list[str]):
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
        try:
            when: dt.datetime = w3c_datetime(value, f"attribute[{attribute.code}]")
        except Open311Error:
            raise _bad(
                attribute, _("a date and time is expected, e.g. 2026-05-01T08:30.")
            ) from None
        return when.isoformat()
    limit = MAX_LENGTH.get(datatype, 500)
    if len(value) > limit:
        raise _bad(attribute, _("at most %(n)d characters.") % {"n": limit})
    return value


def clean_answers(attributes: Iterable[ServiceAttribute], raw: dict[str, list[str]]) -> dict:
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
