"""Red and black lists (红榜/黑榜) decided by rules, and the consequences a black flag carries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.accountability.models.ladder import AssessmentLevel


class Board(models.TextChoices):
    RED = "red", _("Red list (红榜/红旗)")
    BLACK = "black", _("Black list (黑榜/黑旗)")


class ListSubject(models.TextChoices):
    UNIT = "unit", _("Units")
    SITE = "site", _("Sites")


class ListBasis(models.TextChoices):
    ASSESSMENT = "assessment", _("The month's assessment points")
    INSPECTION = "inspection", _("Inspection and appraisal scores (观摩评比)")


class ListFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly (周观摩)")
    MONTHLY = "monthly", _("Monthly")


class ListRule(models.Model):
    """Who goes on a list, decided from the period's facts: the best (red) or the worst (black)
    `places` units or sites by the basis, optionally only above (red) or below (black) a
    threshold. The platform proposes, the office confirms."""

    name = models.CharField(_("name"), max_length=80)
    label = models.CharField(
        _("what it is called"), max_length=20, help_text=_("e.g. 红旗, 黑旗, 卫生示范街")
    )
    board = models.CharField(_("list"), max_length=6, choices=Board.choices)
    subject = models.CharField(
        _("for"), max_length=6, choices=ListSubject.choices, default=ListSubject.UNIT
    )
    basis = models.CharField(_("decided by"), max_length=12, choices=ListBasis.choices)
    level = models.CharField(
        _("units"), max_length=12, choices=AssessmentLevel.choices, default="community"
    )
    plan_kinds = models.JSONField(
        _("inspection kinds"),
        default=list,
        blank=True,
        help_text=_("Only visits of these plan kinds (empty: every visit)."),
    )
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=ListFrequency.choices, default="monthly"
    )
    places = models.PositiveSmallIntegerField(_("places"), default=3)
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Red: at least this score; black: below it (empty: no threshold)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("list rule")
        verbose_name_plural = _("list rules")
        ordering = ["board", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("accountability", "Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class ListEntry(models.Model):
    rule = models.ForeignKey(ListRule, on_delete=models.PROTECT, related_name="entries")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    key = models.CharField(max_length=24)  # "unit:12" / "site:34": one entry per subject
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    site = models.ForeignKey(
        "site_registry.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank"))
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default="proposed"
    )
    proposed_at = models.DateTimeField(_("proposed"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "period_start", "key"], name="acc_list_entry_once"
            )
        ]
        indexes = [models.Index(fields=["status", "-period_start"], name="acc_list_status")]

    def __str__(self) -> str:
        return f"{self.rule.label} {self.name} {self.period_start}"


class ConsequenceRule(models.Model):
    """What follows a black flag, as data (seed 001 篇四 is shipped): `streak` 1, each time;
    4, on the fourth in a row (and every fourth after). `actions`: [{"who", "what", "amount"}]."""

    name = models.CharField(_("name"), max_length=80)
    streak = models.PositiveSmallIntegerField(_("in a row"), default=1)
    actions = models.JSONField(_("actions"), default=list)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("consequence rule")
        verbose_name_plural = _("consequence rules")
        ordering = ["streak", "pk"]

    def __str__(self) -> str:
        return self.name


class Consequence(models.Model):
    entry = models.ForeignKey(ListEntry, on_delete=models.PROTECT, related_name="consequences")
    rule = models.ForeignKey(ConsequenceRule, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    streak = models.PositiveSmallIntegerField(_("in a row"))
    actions = models.JSONField(_("actions"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default="proposed"
    )
    proposed_at = models.DateTimeField(_("proposed"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("consequence")
        verbose_name_plural = _("consequences")
        constraints = [
            models.UniqueConstraint(fields=["entry", "rule"], name="acc_consequence_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule.name} {self.unit_id}"
