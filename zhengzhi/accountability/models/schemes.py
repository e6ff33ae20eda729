"""The assessment's points scheme (考核细则) as data the office edits."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengzhi.accountability.models.ladder import AssessmentLevel


class AssessmentScheme(models.Model):
    """The 考核细则 as data: which facts count, with what weight, and the accountability
    deductions with their cap. `items` is validated by assessment.scheme.item_errors."""

    name = models.CharField(_("name"), max_length=80)
    level = models.CharField(
        _("units assessed"),
        max_length=12,
        choices=AssessmentLevel.choices,
        default=AssessmentLevel.STREET,
    )
    items = models.JSONField(_("items"), default=list)
    deductions = models.JSONField(_("points deducted per record"), default=dict, blank=True)
    deduction_cap = models.DecimalField(
        _("at most deducted"), max_digits=6, decimal_places=2, default=20
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


# ---- red and black lists (红榜/黑榜, 红旗/黑旗) --------------------------------------------------
