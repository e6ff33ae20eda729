"""Answers to a category's extra questions as an Open311 client sends them (attribute[code]):
checked by public reporting's rules (zhengzhi.public.answers), a refusal being a 400 that
names the attribute and the question."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from zhengzhi.open311.formats import Open311Error
from zhengzhi.public import answers
from zhengzhi.public.models import ExtraQuestion


def clean_answers(questions: Iterable[ExtraQuestion], raw: dict[str, list[str]]) -> dict:
    try:
        return answers.clean_answers(questions, raw)
    except answers.AnswerError as exc:
        raise Open311Error(
            400,
            _("attribute[%(code)s] (%(question)s): %(message)s")
            % {
                "code": exc.attribute.code,
                "question": exc.attribute.description,
                "message": exc.reason,
            },
        ) from None
