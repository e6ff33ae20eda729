"""A category's extra questions on the citizen's web form: the same questions, and the same
checks (answers.py), as an Open311 client meets, so that a required answer cannot be skipped by
reporting on the web instead of through an app; and a report's answers as people read them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zhengzhi.public.answers import AnswerError, clean_answers
from zhengzhi.public.models import ExtraQuestion, PublicReport
from zhengzhi.public.services.intake import public_categories

PREFIX = "q"


class QuestionError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass
class Asked:
    """One question as the form shows it, with what the citizen typed (kept on errors)."""

    attribute: ExtraQuestion
    name: str
    typed: list[str] = field(default_factory=list)

    @property
    def choices(self) -> list[tuple[str, str, bool]]:
        """(key, label, chosen) of a list question."""
        return [
            (str(v.get("key", "")), str(v.get("name") or v.get("key", "")),
             str(v.get("key", "")) in self.typed)
            for v in self.attribute.values or []
        ]  # fmt: skip

    @property
    def value(self) -> str:
        return self.typed[-1] if self.typed else ""


@dataclass
class CategoryQuestions:
    code: str
    name: str
    questions: list[Asked]


def field_name(category_code: str, attribute_code: str) -> str:
    # The category is part of the name: two categories may both ask a question coded "size".
    return f"{PREFIX}.{category_code}.{attribute_code}"


def questions_by_category(data=None) -> list[CategoryQuestions]:
    """The extra questions of every public category, in one query; `data` (the POST) fills in
    what was typed."""
    attributes = (
        ExtraQuestion.objects.filter(category__in=public_categories())
        .select_related("category")
        .order_by("category__code", "order", "id")
    )
    out: dict[str, CategoryQuestions] = {}
    for a in attributes:
        group = out.setdefault(
            a.category.code, CategoryQuestions(a.category.code, a.category.name, [])
        )
        name = field_name(a.category.code, a.code)
        typed = data.getlist(name) if data is not None else []
        group.questions.append(Asked(a, name, typed))
    return list(out.values())


def answers_for(category_code: str, data) -> dict:
    """The answers to the chosen category's questions, checked; answers given to another
    category's questions (the citizen changed their mind) are dropped. Raises QuestionError."""
    attributes = list(
        ExtraQuestion.objects.filter(category__code=category_code).order_by("order", "id")
    )
    raw = {}
    for a in attributes:
        values = [v.strip() for v in data.getlist(field_name(category_code, a.code))]
        raw[a.code] = [v for v in values if v]
    try:
        return clean_answers(attributes, raw)
    except AnswerError as exc:
        raise QuestionError(
            _("“%(question)s”: %(reason)s")
            % {"question": exc.attribute.description, "reason": exc.reason},
            exc.attribute.code,
        ) from None


def answers_for_display(report: PublicReport) -> list[tuple[str, str]]:
    """(question, answer) for each answered question of the report's category, in the
    questions' order; answers to questions deleted since are shown under their code."""
    answers = dict(report.attributes or {})
    if not answers:
        return []
    shown = []
    for a in ExtraQuestion.objects.filter(category_id=report.problem.category_id).order_by(
        "order", "id"
    ):
        if a.code not in answers:
            continue
        value = answers.pop(a.code)
        names = {str(v.get("key")): str(v.get("name")) for v in a.values or []}
        values = value if isinstance(value, list) else [value]
        shown.append((a.description, "、".join(names.get(str(v), str(v)) for v in values)))
    for code, value in answers.items():
        values = value if isinstance(value, list) else [value]
        shown.append((code, "、".join(str(v) for v in values)))
    return shown
