"""The campaign summary report: drafted, edited, approved, then issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report", "Draft")
    ISSUED = "issued", pgettext_lazy("report", "Issued")


class CampaignReport(models.Model):
    """A campaign's summary report (总结报告), generated at any time from the facts: the
    bulletin sections over the campaign's whole period, the standard's gaps before and after,
    the ladder's records, the office's own texts and chosen photos. A draft until the office
    approves it (services/reports.py); the PDF follows from the worker."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    opening = models.TextField(_("the office's summary"), blank=True)
    closing = models.TextField(_("next steps"), blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    data = models.JSONField(default=dict)
    docx = models.BinaryField()
    pdf = models.BinaryField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("generated"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    photo_choices = models.JSONField(default=list, blank=True)  # typical problems' ids
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    pdf_error = models.CharField(max_length=300, blank=True)
    pdf_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("campaign summary report")
        verbose_name_plural = _("campaign summary reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
