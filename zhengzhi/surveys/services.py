"""Every change of a questionnaire: create, add or remove a question, publish, close, and a
resident's answer. The office's changes are audited with the actor; an answer is audited
without anything that could identify the resident (no actor, no address).

One answer per device: the public page gives each browser a random cookie (DEVICE_COOKIE) and
stores only HMAC(SECRET_KEY, survey, cookie). This stops the same browser answering twice (a
double tap, coming back later) and keeps answers unlinkable across questionnaires. It does not
stop a determined person who clears cookies, uses a private window or another browser or
device: no anonymous questionnaire can, short of asking for a phone number, which would end
the anonymity. A flood from one address is slowed by a rate limit (views_public).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.org.scope import scope_for
from zhengzhi.public.models import Rating
from zhengzhi.surveys.models import (
    CHOICE_KINDS,
    Answer,
    Choice,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)

EDITOR_ROLES = (Role.OFFICE_ADMIN, Role.DISPATCHER, Role.SHIFT_LEADER, Role.FOLLOWUP)
READER_ROLES = (*EDITOR_ROLES, Role.UNIT_LEADER, Role.LEADER, Role.INSPECTOR)
DEVICE_COOKIE = "zz_device"
MAX_QUESTIONS = 30
MAX_CHOICES = 20
MAX_TEXT_ANSWER = 1000
SATISFACTION_TEXT = "您对本地区的环境卫生状况满意吗？"
SATISFACTION_CHOICES = (
    (Rating.SATISFIED, "满意"),
    (Rating.BASIC, "基本满意"),
    (Rating.UNSATISFIED, "不满意"),
)


class SurveyError(Exception):
    def __init__(self, message, code: str = "invalid", field: str | None = None):
        super().__init__(str(message))
        self.message, self.code, self.field = message, code, field


def can_edit(user) -> bool:
    scope = scope_for(user)
    return bool(user.is_authenticated and scope.all_units and scope.can_write) and user.has_role(
        *EDITOR_ROLES
    )


def can_read(user) -> bool:
    return bool(user.is_authenticated and scope_for(user).all_units) and user.has_role(
        *READER_ROLES
    )


def _require_editor(actor) -> None:
    if not can_edit(actor):
        raise PermissionDenied(_("Only the office edits questionnaires."))


def _clean(value, limit: int, field: str, label, *, required=True) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise SurveyError(_("Please give %(what)s.") % {"what": label}, "invalid", field)
    if len(text) > limit:
        raise SurveyError(
            _("%(what)s is too long: at most %(n)d characters.") % {"what": label, "n": limit},
            "invalid",
            field,
        )
    return text


def _lock(survey_id: int, version: int | None = None) -> Survey:
    survey = Survey.objects.select_for_update().filter(pk=survey_id).first()
    if survey is None:
        raise SurveyError(_("There is no such questionnaire."), "not_found")
    if version is not None and survey.version != version:
        raise SurveyError(
            _("This questionnaire has changed since you opened it: look at it again."), "stale"
        )
    return survey


def _bump(survey: Survey, *fields: str) -> None:
    survey.version += 1
    survey.save(update_fields=[*fields, "version"])


def _audit(action, survey, actor, request, **data) -> None:
    record(
        action,
        actor=actor,
        obj=survey,
        unit_id=actor.unit_id,
        request=request,
        data={"code": survey.code, **data},
    )


@transaction.atomic
def create_survey(*, actor, title: str, intro: str = "", request=None) -> Survey:
    """A draft, with the standard satisfaction question first."""
    _require_editor(actor)
    survey = Survey.objects.create(
        title=_clean(title, 120, "title", _("a title")),
        intro=str(intro or "").strip()[:2000],
        created_by=actor,
        created_at=timezone.now(),
    )
    question = Question.objects.create(
        survey=survey, position=1, kind=QuestionKind.SATISFACTION, text=SATISFACTION_TEXT
    )
    Choice.objects.bulk_create(
        Choice(question=question, position=i, text=text, rating=rating)
        for i, (rating, text) in enumerate(SATISFACTION_CHOICES, 1)
    )
    _audit("survey.create", survey, actor, request, title=survey.title)
    return survey


def _draft(survey_id: int, actor, version: int | None) -> Survey:
    _require_editor(actor)
    survey = _lock(survey_id, version)
    if survey.status != SurveyStatus.DRAFT:
        raise SurveyError(
            _("A published questionnaire cannot change: its answers would lose their meaning."),
            "not_draft",
        )
    return survey


@transaction.atomic
def add_question(
    survey_id: int,
    *,
    actor,
    kind: str,
    text: str,
    choices: Sequence[str] | str = (),
    required: bool = True,
    version: int | None = None,
    request=None,
) -> Question:
    survey = _draft(survey_id, actor, version)
    if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TEXT):
        raise SurveyError(_("Choose the kind of question."), "invalid", "kind")
    if survey.questions.count() >= MAX_QUESTIONS:
        raise SurveyError(_("At most %(n)d questions.") % {"n": MAX_QUESTIONS}, "invalid", "text")
    text = _clean(text, 300, "text", _("the question"))
    if isinstance(choices, str):
        choices = choices.splitlines()
    options = [_clean(c, 100, "choices", _("a choice"), required=False) for c in choices]
    options = list(dict.fromkeys(o for o in options if o))
    if kind in CHOICE_KINDS and not 2 <= len(options) <= MAX_CHOICES:
        raise SurveyError(
            _("Give from 2 to %(n)d different choices, one per line.") % {"n": MAX_CHOICES},
            "invalid",
            "choices",
        )
    if kind == QuestionKind.TEXT:
        options = []
    last = survey.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question.objects.create(
        survey=survey, position=(last or 0) + 1, kind=kind, text=text, required=bool(required)
    )
    Choice.objects.bulk_create(
        Choice(question=question, position=i, text=o) for i, o in enumerate(options, 1)
    )
    _bump(survey)
    _audit("survey.question.add", survey, actor, request, question=text, kind=kind)
    return question


@transaction.atomic
def remove_question(
    survey_id: int, question_id: int, *, actor, version: int | None = None, request=None
) -> None:
    survey = _draft(survey_id, actor, version)
    question = survey.questions.filter(pk=question_id).first()
    if question is None:
        raise SurveyError(_("There is no such question."), "not_found")
    if question.kind == QuestionKind.SATISFACTION:
        raise SurveyError(
            _("The satisfaction question stays: it gives the satisfaction rate."), "invalid"
        )
    text = question.text
    question.delete()
    _bump(survey)
    _audit("survey.question.remove", survey, actor, request, question=text)


@transaction.atomic
def publish(survey_id: int, *, actor, version: int | None = None, request=None) -> Survey:
    survey = _draft(survey_id, actor, version)
    survey.status = SurveyStatus.OPEN
    survey.published_at = timezone.now()
    _bump(survey, "status", "published_at")
    _audit("survey.publish", survey, actor, request)
    return survey


@transaction.atomic
def close(survey_id: int, *, actor, version: int | None = None, request=None) -> Survey:
    _require_editor(actor)
    survey = _lock(survey_id, version)
    if survey.status != SurveyStatus.OPEN:
        raise SurveyError(_("Only a published questionnaire can be closed."), "not_open")
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now()
    _bump(survey, "status", "closed_at")
    _audit("survey.close", survey, actor, request)
    return survey


# --- answers ---------------------------------------------------------------------------------


def new_device_token() -> str:
    return secrets.token_urlsafe(24)


def device_hash(survey: Survey, token: str) -> str:
    key = str(settings.SECRET_KEY).encode()
    return hmac.new(key, f"survey:{survey.pk}:{token}".encode(), hashlib.sha256).hexdigest()


def has_answered(survey: Survey, token: str | None) -> bool:
    if not token:
        return False
    return survey.responses.filter(device_hash=device_hash(survey, token)).exists()


def _answers(survey: Survey, data) -> tuple[list[Answer], dict[int, str]]:
    """The answers of a submitted form (`data`: a QueryDict or {"q<id>": value or [values]}),
    and {question id: error} for what is missing or does not fit."""
    answers: list[Answer] = []
    errors: dict[int, str] = {}
    for q in survey.questions.prefetch_related("choices"):
        name = f"q{q.pk}"
        if hasattr(data, "getlist"):
            raw = [v for v in data.getlist(name) if str(v).strip()]
        else:
            value = data.get(name)
            raw = [
                v for v in (value if isinstance(value, list) else [value]) if v not in (None, "")
            ]
        if not raw:
            if q.required:
                errors[q.pk] = str(_("Please answer this question."))
            continue
        if q.kind == QuestionKind.TEXT:
            text = str(raw[0]).replace("\x00", "").strip()
            if len(text) > MAX_TEXT_ANSWER:
                errors[q.pk] = str(_("At most %(n)d characters, please.") % {"n": MAX_TEXT_ANSWER})
            elif text:
                answers.append(Answer(question=q, text=text))
            elif q.required:
                errors[q.pk] = str(_("Please answer this question."))
            continue
        valid = {str(c.pk): c for c in q.choices.all()}
        picked = list(dict.fromkeys(str(v) for v in raw))
        if any(v not in valid for v in picked) or (
            q.kind != QuestionKind.MULTIPLE and len(picked) > 1
        ):
            errors[q.pk] = str(_("Choose among the answers given."))
            continue
        answers.extend(Answer(question=q, choice=valid[v]) for v in picked)
    return answers, errors


@transaction.atomic
def submit_response(survey_id: int, *, token: str, data) -> Response:
    """One resident's answers. Raises SurveyError: `closed`, `answered` (this device already
    answered), `no_device` (no cookie), or `invalid` with `errors` {question id: message}."""
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None or survey.status != SurveyStatus.OPEN:
        raise SurveyError(_("This questionnaire is not open for answers."), "closed")
    if not token or len(token) > 100:
        raise SurveyError(
            _("Your browser did not keep our cookie: allow cookies for this site and try again."),
            "no_device",
        )
    answers, errors = _answers(survey, data)
    if errors:
        error = SurveyError(_("Some answers are missing or do not fit."), "invalid")
        error.errors = errors  # type: ignore[attr-defined]
        raise error
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey, submitted_at=timezone.now(), device_hash=device_hash(survey, token)
            )
    except IntegrityError:
        raise SurveyError(_("You have already answered this questionnaire."), "answered") from None
    for answer in answers:
        answer.response = response
    Answer.objects.bulk_create(answers)
    # Anonymous: no actor, no request (its address stays out of the log).
    record(
        "survey.response",
        obj=response,
        object_repr=f"{survey.code}/{response.pk}",
        data={"survey": survey.code, "answers": len(answers)},
    )
    return response
