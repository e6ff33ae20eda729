"""A finalised assessment (the 年终考核 of record, or a quarter's): the points of every unit and
every item's facts, stored as they were when the office finalised the period, so later changes
to the ledger, the reports or the scheme leave it as it was. Reopening (audited, with a
reason) keeps the row as history; a period has at most one final result per scheme."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ResultStatus(models.TextChoices):
    FINAL = "final", _("Final")
    REOPENED = "reopened", _("Reopened")


class AssessmentResult(models.Model):
    scheme = models.ForeignKey(
        "accountability.AssessmentScheme", on_delete=models.PROTECT, related_name="results"
    )
    # "2026" or "2026-Q4"
    period = models.CharField(pgettext_lazy("assessment", "period"), max_length=7)
    status = models.CharField(
        _("status"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.FINAL
    )
    data = models.JSONField()  # the assessment as computed (assessment/stored.py)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField(_("finalised"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reopen_reason = models.CharField(_("reason reopened"), max_length=300, blank=True)

    class Meta:
        app_label = "accountability"
        verbose_name = _("finalised assessment")
        verbose_name_plural = _("finalised assessments")
        ordering = ["-finalised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "period"],
                condition=models.Q(status="final"),
                name="assessment_final_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.scheme_id}"
