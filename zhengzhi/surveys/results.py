"""A questionnaire's results: counts per choice (one GROUP BY), the latest free-text answers,
and the satisfaction rate of the satisfaction question against the standard's 90 %."""

from __future__ import annotations

from django.db.models import Count

from zhengzhi.public.models import SATISFIED_RATINGS
from zhengzhi.satisfaction.rates import TARGET, rate
from zhengzhi.surveys.models import Answer, QuestionKind, Survey

TEXT_SHOWN = 50


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def results(survey: Survey) -> dict:
    responses = survey.responses.count()
    counts = {
        (row["question_id"], row["choice_id"]): row["n"]
        for row in Answer.objects.filter(question__survey=survey)
        .values("question_id", "choice_id")
        .order_by()
        .annotate(n=Count("pk"))
    }
    respondents = {
        row["question_id"]: row["n"]
        for row in Answer.objects.filter(question__survey=survey)
        .values("question_id")
        .order_by()
        .annotate(n=Count("response_id", distinct=True))
    }
    questions = []
    satisfaction = None
    for q in survey.questions.prefetch_related("choices"):
        answered = respondents.get(q.pk, 0)
        item = {"question": q, "answered": answered, "choices": [], "texts": []}
        if q.kind == QuestionKind.TEXT:
            item["texts"] = list(
                q.answers.order_by("-pk").values_list("text", flat=True)[:TEXT_SHOWN]
            )
        for c in q.choices.all():
            n = counts.get((q.pk, c.pk), 0)
            share = n / answered if answered else None
            item["choices"].append(
                {
                    "choice": c,
                    "n": n,
                    "share": _percent(share),
                    "bar": round((share or 0) * 200),
                }
            )
        if q.kind == QuestionKind.SATISFACTION:
            good = sum(x["n"] for x in item["choices"] if x["choice"].rating in SATISFIED_RATINGS)
            value = rate(good, answered)
            item["rate"] = value
            if satisfaction is None:
                satisfaction = {
                    "rate": value,
                    "satisfied": good,
                    "answered": answered,
                    "meets_target": None if value is None else value >= TARGET,
                    "text": _percent(value),
                }
        questions.append(item)
    return {
        "responses": responses,
        "questions": questions,
        "satisfaction": satisfaction,
        "target": TARGET,
    }
