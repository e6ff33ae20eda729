"""The resident's side: /survey/<code>/, no login, anonymous, one answer per browser."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from zhengzhi.public.limits import over_limit
from zhengzhi.surveys import services
from zhengzhi.surveys.models import Survey, SurveyStatus
from zhengzhi.surveys.services import DEVICE_COOKIE, SurveyError

# A flood guard per address, generous: a whole community answering over one café's Wi-Fi is
# normal; a script posting thousands is not.
ANSWER_RATE = "300/h"
COOKIE_AGE = 365 * 24 * 3600


def _items(survey, data, errors) -> list[dict]:
    """The questions with what this browser sent (a refused submit keeps every answer)."""
    items = []
    for q in survey.questions.prefetch_related("choices"):
        sent = [str(v) for v in data.getlist(f"q{q.pk}")] if data is not None else []
        items.append(
            {
                "q": q,
                "name": f"q{q.pk}",
                "text": sent[0] if sent and q.kind == "text" else "",
                "choices": [{"c": c, "checked": str(c.pk) in sent} for c in q.choices.all()],
                "error": errors.get(q.pk, ""),
            }
        )
    return items


def _page(request, survey, *, token, status=200, errors=None, answered=False, done=False):
    data = request.POST if request.method == "POST" and not done else None
    response = render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "items": _items(survey, data, errors or {}),
            "answered": answered,
            "done": done,
            "open": survey.status == SurveyStatus.OPEN,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@never_cache
def answer(request, code):
    survey = get_object_or_404(Survey.objects.exclude(status=SurveyStatus.DRAFT), code=code)
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    if request.method != "POST":
        fresh = token or services.new_device_token()
        return _page(request, survey, token=fresh, answered=services.has_answered(survey, token))
    if over_limit(request, "surveys.answer", rate=ANSWER_RATE):
        messages.error(request, _("Too many answers from your network: please try again later."))
        return _page(request, survey, token=token or services.new_device_token(), status=429)
    try:
        services.submit_response(survey.pk, token=token, data=request.POST)
    except SurveyError as exc:
        if exc.code == "answered":
            return _page(request, survey, token=token, answered=True, status=409)
        messages.error(request, exc.message)
        return _page(
            request,
            survey,
            token=token or services.new_device_token(),
            errors=getattr(exc, "errors", {}),
            status=400,
        )
    return _page(request, survey, token=token, done=True)
