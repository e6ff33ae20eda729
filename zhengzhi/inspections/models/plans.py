"""Inspection plans: kind, checklists, scope, dates and windows, team and the sample drawn."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanKind(models.TextChoices):
    OPEN = "open", _("Open inspection")  # 明查
    COVERT = "covert", _("Covert visit")  # 暗访
    SELF = "self", _("Self-inspection")  # 自查
    PEER = "peer", _("Peer inspection")  # 互查
    JOINT = "joint", _("Joint inspection")  # 联合检查
    MOCK = "mock", _("Mock covert visit")  # 模拟暗访
    RECHECK = "recheck", _("Recheck")  # 复查


class Window(models.TextChoices):
    DAY = "day", _("Working hours")
    NOON = "noon", _("Noon")
    EVENING = "evening", _("Evening")
    NIGHT = "night", _("Night")
    HOLIDAY = "holiday", _("Holidays")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Under way")
    CLOSED = "closed", pgettext_lazy("plan status", "Closed")


class Plan(models.Model):
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=PlanKind.choices)
    # The unit that runs it: the office (open, covert, joint, mock), a unit inspecting itself
    # (self) or the inspecting unit of a peer inspection.
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("run by"), on_delete=models.PROTECT, related_name="+"
    )
    checklists = models.ManyToManyField(
        "inspections.Checklist", verbose_name=_("checklists"), related_name="+"
    )
    # Scope: the territorial units, grids, site kinds and segments inspected.
    units = models.ManyToManyField(
        "org.Unit", verbose_name=_("units inspected"), blank=True, related_name="+"
    )
    grids = models.ManyToManyField(
        "territory.Grid", verbose_name=_("grids"), blank=True, related_name="+"
    )
    site_kinds = models.ManyToManyField(
        "site_registry.SiteKind", verbose_name=_("site kinds"), blank=True, related_name="+"
    )
    segments = models.ManyToManyField(
        "territory.Segment", verbose_name=_("segments"), blank=True, related_name="+"
    )
    departments = models.ManyToManyField(
        "org.Unit",
        verbose_name=_("departments in the team"),
        blank=True,
        related_name="+",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="+"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    windows = models.JSONField(_("time windows"), default=list, blank=True)
    # The sample: None = every place in scope; else this many per site kind, drawn with `seed`
    # from `candidates` ({kind code: [site ids in the order drawn from]}), giving `drawn`.
    sample_size = models.PositiveIntegerField(_("sample size per kind"), null=True, blank=True)
    # A kind's own size overrides `sample_size` ({site kind code or "@segment": n}); a preset
    # (the technical assessment's sizes by city size) fills it and is named in `sample_preset`.
    sample_sizes = models.JSONField(_("sample size of each kind"), default=dict, blank=True)
    sample_preset = models.CharField(_("sample preset"), max_length=10, blank=True, default="")
    seed = models.BigIntegerField(_("random seed"), null=True, blank=True)
    candidates = models.JSONField(default=dict, blank=True)
    drawn = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_covert(self) -> bool:
        return self.kind in COVERT_KINDS

    @property
    def is_hidden(self) -> bool:
        """Invisible to the inspected units: covert and not yet released."""
        return self.is_covert and self.released_at is None


# Plans kept from the inspected units until the office releases them.
COVERT_KINDS = (PlanKind.COVERT, PlanKind.MOCK)
