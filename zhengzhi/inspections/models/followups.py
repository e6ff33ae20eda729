"""Follow-up rules as data (the office edits their numbers) and the missed problems they flag."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleKind(models.TextChoices):
    CASE_RECHECK = "case", _("查一补三 rechecks of a case, carried out as visits")
    DEADLINE = "deadline", _("Recheck after a problem's deadline")
    COVERT = "covert", _("Rectify and recheck after a covert visit's feedback")
    MISSED = "missed", _("A problem an earlier visit passed")


class FollowUpRule(models.Model):
    """One rule of each kind. `days`: for `deadline` the recheck is due this many days after the
    problem's deadline; for `covert` the unit rectifies within this many days of the release
    and the recheck is due the day after; for `missed` the window (days) in which a later
    failure flags the earlier pass. `lead_fine` / `assessor_fine`: what a missed problem
    proposes for the day's lead assessor and each assessor (seed 004: 100 and 50 yuan)."""

    kind = models.CharField(_("kind"), max_length=10, choices=RuleKind.choices, unique=True)
    days = models.PositiveSmallIntegerField(_("days"), default=1)
    lead_fine = models.DecimalField(
        _("lead assessor's fine (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    assessor_fine = models.DecimalField(
        _("each assessor's fine (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up rule")
        verbose_name_plural = _("follow-up rules")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class MissedProblem(models.Model):
    """A later visit failed at a place what an earlier visit, within the rule's window, passed
    (the same item of the same checklist, or the same standard's checkpoint). The fines are
    proposals (`fines`: [{"user": id, "name", "role": "lead"|"assessor", "amount": "100"}]),
    decided elsewhere (supervision)."""

    earlier = models.ForeignKey(
        "inspections.Answer", verbose_name=_("passed"), on_delete=models.CASCADE, related_name="+"
    )
    earlier_visit = models.ForeignKey(
        "inspections.Visit",
        verbose_name=_("visit flagged"),
        on_delete=models.CASCADE,
        related_name="missed",
    )
    later = models.ForeignKey(
        "inspections.Answer", verbose_name=_("found"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, related_name="+")
    window_days = models.PositiveSmallIntegerField(_("window (days)"))
    fines = models.JSONField(_("proposed fines"), default=list, blank=True)
    flagged_at = models.DateTimeField(_("flagged"))

    class Meta:
        verbose_name = _("missed problem")
        verbose_name_plural = _("missed problems")
        ordering = ["-flagged_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="missed_problem_once")
        ]

    def __str__(self) -> str:
        return f"{self.earlier_visit_id} ← {self.later_id}"
