"""A report from the public: the citizen's side of a ledger problem.

One problem may carry several reports (duplicates merged into a master keep their reports: each
reporter follows the master). The reporter's identity is stored encrypted (crypto.py) and only
the office may reveal it, with a reason that goes to the audit log (services.reveal_reporter).

A category's extra questions (ExtraQuestion) are asked on the web form and of Open311 clients
alike; Open311 publishes them as its service definitions.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# No 0/O, 1/I/L: a code read out over the phone is not misheard. 31^10 is about 8e14.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Channel(models.TextChoices):
    WEB = "web", _("Public page")
    OPEN311 = "open311", _("Open311 client")
    HOTLINE = "hotline", _("Hotline")


class Rating(models.TextChoices):
    """The three answers of a satisfaction rating (满意 / 基本满意 / 不满意). The satisfaction rate
    counts satisfied and basically satisfied over all who rated."""

    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


SATISFIED_RATINGS = (Rating.SATISFIED, Rating.BASIC)


class PublicReport(models.Model):
    problem = models.ForeignKey(
        "ledger.Problem",
        verbose_name=_("problem"),
        on_delete=models.PROTECT,
        related_name="public_reports",
    )
    tracking_code = models.CharField(
        _("tracking code"), max_length=16, unique=True, default=new_tracking_code
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("submitted"), db_index=True)
    # Encrypted (crypto.encrypt); never shown to the unit that must fix the problem.
    name_enc = models.TextField(blank=True)
    phone_enc = models.TextField(blank=True)
    email_enc = models.TextField(blank=True)
    # Masked forms (张*, 138****1234) for lists where the office needs to tell reports apart.
    name_masked = models.CharField(max_length=40, blank=True)
    phone_masked = models.CharField(max_length=20, blank=True)
    has_contact = models.BooleanField(default=False)
    wants_updates = models.BooleanField(_("send me updates"), default=True)
    # The same submission sent twice (a double tap, a retried POST) is one report.
    client_token = models.CharField(max_length=64, blank=True)
    # Answers to a category's extra questions (Open311 attribute[code]), and media links given
    # by an Open311 client (recorded, never fetched: the intranet has no internet).
    attributes = models.JSONField(default=dict, blank=True)
    media_urls = models.JSONField(default=list, blank=True)
    api_client = models.CharField(_("API client"), max_length=100, blank=True)

    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    # A "not satisfied" rating waits in the office's queue until someone reopens the problem or
    # marks the rating reviewed (services.rating.mark_reviewed).
    rating_reviewed_at = models.DateTimeField(_("rating reviewed"), null=True, blank=True)
    rating_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rating reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("public report")
        verbose_name_plural = _("public reports")
        constraints = [
            models.UniqueConstraint(
                fields=["client_token"],
                condition=~Q(client_token=""),
                name="public_report_client_token_once",
            )
        ]
        indexes = [models.Index(fields=["problem", "submitted_at"], name="public_report_problem")]

    def __str__(self) -> str:
        return self.tracking_code


class Datatype(models.TextChoices):
    """What an extra question takes for an answer (the datatypes of GeoReport v2)."""

    STRING = "string", _("Short text")
    NUMBER = "number", pgettext_lazy("answer datatype", "Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Long text")
    SINGLE = "singlevaluelist", _("One choice from a list")
    MULTI = "multivaluelist", _("Several choices from a list")


LIST_DATATYPES = (Datatype.SINGLE, Datatype.MULTI)


class ExtraQuestion(models.Model):
    """One extra question of a category, asked on the web form and of Open311 clients (there,
    an attribute of the category's service definition, hence the GeoReport field names).
    `values` holds the choices of list datatypes: [{"key": "...", "name": "..."}]."""

    category = models.ForeignKey(
        "ledger.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="extra_questions",
    )
    code = models.CharField(_("code"), max_length=50)
    # False: a note shown to the reporter, not a question (no answer is taken).
    variable = models.BooleanField(_("asks for an answer"), default=True)
    datatype = models.CharField(
        _("datatype"), max_length=16, choices=Datatype.choices, default=Datatype.STRING
    )
    required = models.BooleanField(_("required"), default=False)
    description = models.CharField(_("question"), max_length=300)
    datatype_description = models.CharField(_("hint"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    values = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")
        ordering = ["category", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="public_question_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.description}"

    @property
    def is_list(self) -> bool:
        return self.datatype in LIST_DATATYPES

    def value_keys(self) -> list[str]:
        return [str(v.get("key", "")) for v in self.values or []]
