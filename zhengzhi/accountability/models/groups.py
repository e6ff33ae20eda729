"""Supervision groups (督导组): members, areas and powers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisionGroup(models.Model):
    """A resident supervision group (督导组, seed 004): its members, the areas it answers for
    and its powers. Its visits and findings are recorded through the inspections app (joint or
    open inspection plans whose team holds its members, in its areas)."""

    name = models.CharField(_("name"), max_length=80)
    leader = models.CharField(_("group leader"), max_length=80, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="+", blank=True
    )
    areas = models.ManyToManyField("org.Unit", verbose_name=_("areas"), related_name="+")
    powers = models.TextField(_("powers"), blank=True, help_text=_("e.g. 督查、督办、约谈"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("supervision group")
        verbose_name_plural = _("supervision groups")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
