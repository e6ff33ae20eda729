"""Supervision: the bulletins (通报 / 简报) the office issues from the platform's facts, and the
review dates the dashboard counts down to.

- `Series`: a bulletin the office issues regularly (weekly, by ten days 旬, monthly), for one
  campaign or general, with its masthead (the issuing body and the bulletin's name).
- `Edition`: one issue of a series for one period. Drafted by the worker from the facts
  (`data`, the snapshot every figure of the document is read from), edited by the office (its
  three texts and the photos chosen), then issued: numbered 第 N 期 per series and year without
  gaps (the number is taken only when issuing, under a lock on the series), its .docx and PDF
  stored as issued (`IssuedDocument`) and never rebuilt.
- `Mention`: a unit (and problem) an issued edition named: the unit's history and its open
  supervision items while the problem stays open.
- `ReviewDate`: a date the office expects a review (暗访, 验收); the campaign standard's own
  review date counts too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    TENDAY = "tenday", _("Every ten days (旬)")
    MONTHLY = "monthly", _("Monthly")


class BulletinKind(models.TextChoices):
    NOTICE = "notice", _("Circular (通报)")
    BRIEF = "brief", _("Briefing (简报)")


class Series(models.Model):
    name = models.CharField(_("name"), max_length=60, help_text=_("e.g. 创卫工作简报"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=BulletinKind.choices, default=BulletinKind.NOTICE
    )
    issuer = models.CharField(
        _("issuing body"), max_length=80, help_text=_("Printed in the masthead and the signature.")
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a general bulletin."),
    )
    ranking_level = models.CharField(
        _("units ranked"),
        max_length=12,
        choices=[
            ("community", _("Communities")),
            ("street", _("Streets and towns")),
            ("department", _("Departments")),
        ],
        default="street",
    )
    photos = models.PositiveSmallIntegerField(
        _("typical problems with photos"), default=4, help_text=_("How many the draft proposes.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("bulletin series")
        verbose_name_plural = _("bulletin series")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class EditionStatus(models.TextChoices):
    DRAFTING = "drafting", _("Being drafted")
    DRAFT = "draft", _("Draft")
    FAILED = "failed", _("Drafting failed")
    ISSUED = "issued", pgettext_lazy("bulletin", "Issued")


class Edition(models.Model):
    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.PROTECT, related_name="editions"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(
        _("status"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFTING
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=120, blank=True)
    progress_text = models.TextField(pgettext_lazy("bulletin", "Progress"), blank=True)
    problems_text = models.TextField(_("Main problems"), blank=True)
    advice_text = models.TextField(_("Opinions and suggestions"), blank=True)
    data = models.JSONField(pgettext_lazy("bulletin", "facts"), default=dict, blank=True)
    photo_choices = models.JSONField(_("photos chosen"), default=list, blank=True)
    error = models.TextField(blank=True)
    drafted_at = models.DateTimeField(_("drafted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    issued_at = models.DateTimeField(pgettext_lazy("bulletin", "issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("bulletin edition")
        verbose_name_plural = _("bulletin editions")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "number"],
                condition=Q(number__isnull=False),
                name="sup_edition_number",
            ),
            models.UniqueConstraint(fields=["series", "period_start"], name="sup_edition_period"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="sup_edition_dates"
            ),
            models.CheckConstraint(
                condition=~Q(status="issued") | Q(number__isnull=False, issued_at__isnull=False),
                name="sup_edition_issued_numbered",
            ),
        ]
        indexes = [models.Index(fields=["status", "-issued_at"], name="sup_edition_issued")]

    def __str__(self) -> str:
        if self.number:
            return f"{self.series.name} {self.year}年第{self.number}期"
        return f"{self.series.name} {self.period_start}–{self.period_end}"

    @property
    def is_issued(self) -> bool:
        return self.status == EditionStatus.ISSUED


class IssuedDocument(models.Model):
    """The file as issued, byte for byte: served as it is, never rebuilt."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=4, choices=[("docx", ".docx"), ("pdf", "PDF")])
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="sup_document_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.edition_id}.{self.kind}"


class MentionReason(models.TextChoices):
    OVERDUE = "overdue", _("Overdue problem")
    REBOUND = "rebound", _("Rebounding problem")
    TYPICAL = "typical", _("Typical problem")
    LOW_RANK = "low_rank", _("Last places of the ranking")


class Mention(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="mentions")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    problem = models.ForeignKey(
        "ledger.Problem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=10, choices=MentionReason.choices)

    class Meta:
        indexes = [models.Index(fields=["unit", "edition"], name="sup_mention_unit")]

    def __str__(self) -> str:
        return f"{self.edition_id}/{self.unit_id}/{self.reason}"


class ReviewKind(models.TextChoices):
    COVERT = "covert", _("Covert visit (暗访)")
    ACCEPTANCE = "acceptance", _("Acceptance review (验收)")
    OTHER = "other", _("Other review")


class ReviewDate(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=ReviewKind.choices)
    on = models.DateField(_("date"))
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("review date")
        verbose_name_plural = _("review dates")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"
