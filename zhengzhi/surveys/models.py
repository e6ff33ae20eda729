"""Public questionnaires (问卷): the office asks residents, anonymously, one answer per device.

A questionnaire is drafted, published (its questions are then frozen) and closed. Its first
question is the satisfaction question of the sanitary-city standard (满意 / 基本满意 / 不满意),
whose answers give the satisfaction rate; the office adds single-choice, multiple-choice and
free-text questions. Answers carry no name, address or IP: only a keyed hash of a random cookie,
so that one browser answers once (see services.device_hash for what that does and does not
prevent).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.public.models import Rating

CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def new_survey_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Published")
    CLOSED = "closed", pgettext_lazy("survey", "Closed")


class QuestionKind(models.TextChoices):
    SATISFACTION = "satisfaction", _("Satisfaction (satisfied / basically / not)")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


CHOICE_KINDS = (QuestionKind.SATISFACTION, QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Survey(models.Model):
    title = models.CharField(_("title"), max_length=120)
    intro = models.TextField(_("introduction"), blank=True)
    code = models.CharField(_("link code"), max_length=16, unique=True, default=new_survey_code)
    status = models.CharField(
        _("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("survey", "closed"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(
        pgettext_lazy("question", "kind"), max_length=12, choices=QuestionKind.choices
    )
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("an answer is required"), default=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("choice"), max_length=100)
    # On the satisfaction question: which of the three answers this is.
    rating = models.CharField(max_length=12, choices=Rating.choices, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    submitted_at = models.DateTimeField(_("submitted"))
    # HMAC of the browser's random cookie and the survey: one answer per browser, and the
    # same browser cannot be followed from one questionnaire to the next.
    device_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "device_hash"], name="survey_once_per_device")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.ForeignKey(
        Choice, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "choice"], name="answer_question_choice")]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"
