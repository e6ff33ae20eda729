"""Vector control checks (病媒生物密度): the counts recorded and the grade computed from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VectorKind(models.TextChoices):
    RAT = "rat", _("Rats")
    MOSQUITO = "mosquito", _("Mosquitoes")
    FLY = "fly", _("Flies")
    COCKROACH = "cockroach", _("Cockroaches")


class VectorCheck(models.Model):
    vector = models.CharField(_("vector"), max_length=10, choices=VectorKind.choices)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit checked"), on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey(
        "site_registry.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_on = models.DateField(_("checked on"), db_index=True)
    counts = models.JSONField(_("counts"), default=dict)
    indices = models.JSONField(_("indices"), default=dict)
    grade = models.CharField(_("grade"), max_length=2, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("vector check")
        verbose_name_plural = _("vector checks")
        ordering = ["-checked_on", "-id"]
        indexes = [models.Index(fields=["unit", "vector", "checked_on"], name="vector_unit_day")]

    def __str__(self) -> str:
        return f"{self.vector} {self.checked_on}"
