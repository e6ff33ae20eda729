"""Open311 GeoReport v2: the keys of the clients that may post reports, and the extra questions
(service definition attributes) of the public categories.

A category open to the public is an Open311 service (service_code = the category's code); a
category with questions publishes them as its service definition (metadata true).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApiKey(models.Model):
    """The key of one Open311 client (an app, a FixMyStreet installation). Only its hash is
    stored: the office sees the key once when it is issued. A revoked key is refused at once."""

    name = models.CharField(_("client"), max_length=100)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["revoked_at", "-issued_at"]
        constraints = [
            # One key in use per client: its reports carry the client's name.
            models.UniqueConstraint(
                fields=["name"], condition=Q(revoked_at__isnull=True), name="open311_key_in_use"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "o311_" + secrets.token_urlsafe(32)


class Datatype(models.TextChoices):
    """The datatypes of GeoReport v2 service definition attributes."""

    STRING = "string", _("Short text")
    NUMBER = "number", pgettext_lazy("answer datatype", "Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Long text")
    SINGLE = "singlevaluelist", _("One choice from a list")
    MULTI = "multivaluelist", _("Several choices from a list")


LIST_DATATYPES = (Datatype.SINGLE, Datatype.MULTI)


class ServiceAttribute(models.Model):
    """One extra question of a category (an attribute of its Open311 service definition).
    `values` holds the choices of list datatypes: [{"key": "...", "name": "..."}]."""

    category = models.ForeignKey(
        "ledger.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="open311_attributes",
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
            models.UniqueConstraint(fields=["category", "code"], name="open311_attribute_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.description}"

    @property
    def is_list(self) -> bool:
        return self.datatype in LIST_DATATYPES

    def value_keys(self) -> list[str]:
        return [str(v.get("key", "")) for v in self.values or []]
