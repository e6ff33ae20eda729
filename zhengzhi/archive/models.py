"""The decomposition table (目标任务细化分解表) and the evidence archive (台账材料) of a campaign.

A campaign's standard (standards.CampaignStandard) is split item by item, indicator by
indicator, onto units: each `Duty` names a lead unit, supporting units and the campaign tasks
that serve it. Each item (or one of its checkpoints) declares the evidence it needs
(`Requirement`: a kind, how many, per unit or once, per year of the review cycle or once), and
`Evidence` rows fill it: uploaded by the units or found by the providers (providers.py) in what
the platform already holds, then accepted or returned by the office.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DEFAULT_CYCLE_YEARS = 3  # the 2015 national rules (DOMAIN.md §3); a province may use four


class Archive(models.Model):
    """A campaign's archive settings: the review cycle whose years the evidence covers."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="+"
    )
    cycle_years = models.PositiveSmallIntegerField(
        _("review cycle (years)"), default=DEFAULT_CYCLE_YEARS
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("evidence archive")
        verbose_name_plural = _("evidence archives")

    def __str__(self) -> str:
        return f"{self.campaign_id}"


class Duty(models.Model):
    """One row of the decomposition table: an item or an indicator of the campaign's standard
    and who owns it."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        "standards.Item", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    indicator = models.ForeignKey(
        "standards.Indicator", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    lead_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    supporting_units = models.ManyToManyField(
        "org.Unit", verbose_name=_("supporting units"), blank=True, related_name="+"
    )
    tasks = models.ManyToManyField(
        "campaigns.Task", verbose_name=_("campaign tasks"), blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("decomposition row")
        verbose_name_plural = _("decomposition rows")
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False, indicator__isnull=True)
                | Q(item__isnull=True, indicator__isnull=False),
                name="archive_duty_item_or_indicator",
            ),
            models.UniqueConstraint(
                fields=["campaign", "item"],
                condition=Q(item__isnull=False),
                name="archive_duty_item",
            ),
            models.UniqueConstraint(
                fields=["campaign", "indicator"],
                condition=Q(indicator__isnull=False),
                name="archive_duty_indicator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.item_id or ''}{self.indicator_id or ''}"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", pgettext_lazy("evidence", "Document")
    PHOTO = "photo", pgettext_lazy("evidence", "Photo")
    RECORD = "record", pgettext_lazy("evidence", "Record")
    INDICATOR = "indicator", _("Indicator proof")


class Requirement(models.Model):
    """What evidence an item (or one of its checkpoints) needs in a campaign's archive."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey("standards.Item", on_delete=models.CASCADE, related_name="+")
    checkpoint = models.ForeignKey(
        "standards.Checkpoint", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("what is needed"), max_length=200)
    kind = models.CharField(
        pgettext_lazy("evidence", "kind"), max_length=10, choices=EvidenceKind.choices
    )
    count = models.PositiveSmallIntegerField(_("how many"), default=1)
    per_unit = models.BooleanField(_("from every unit"), default=False)
    per_year = models.BooleanField(_("for every year of the cycle"), default=False)
    # The provider (providers.py) that fills it from the platform's records; blank: uploads only.
    fill_from = models.CharField(_("filled from"), max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("evidence requirement")
        verbose_name_plural = _("evidence requirements")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["campaign", "item"], name="archive_req_item")]
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="archive_req_count")]

    def __str__(self) -> str:
        return self.title


class EvidenceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    ACCEPTED = "accepted", pgettext_lazy("evidence", "Accepted")
    RETURNED = "returned", pgettext_lazy("evidence", "Returned")


class EvidenceSource(models.TextChoices):
    UPLOAD = "upload", _("Uploaded")
    PROBLEMS = "problems", _("Closed problems")
    INDICATORS = "indicators", _("Indicator proofs")
    DOCUMENTS = "documents", _("Campaign documents")
    REPORTS = "reports", _("Progress report photos")
    INSPECTIONS = "inspections", _("Inspection records")


class Evidence(models.Model):
    """One piece of evidence in a requirement's slot (unit, year)."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="evidence")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    file = models.ForeignKey(
        "files.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=12, choices=EvidenceSource.choices, default=EvidenceSource.UPLOAD
    )
    # What a provider found it in ("ledger.problem:17"): found again, it is not added twice.
    source_key = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EvidenceStatus.choices,
        default=EvidenceStatus.SUBMITTED,
    )
    return_reason = models.CharField(_("reason returned"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["requirement", "unit", "year", "pk"]
        indexes = [
            models.Index(fields=["requirement", "unit", "year"], name="archive_ev_slot"),
            models.Index(fields=["unit", "status"], name="archive_ev_unit"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "source_key"],
                condition=~Q(source_key=""),
                name="archive_ev_found_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Reminder(models.Model):
    """A reminder the worker sent a unit before a review date: sent once per threshold."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField()
    review_date = models.DateField()
    missing = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "review_date", "days_before"],
                name="archive_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.unit_id}/{self.days_before}"
