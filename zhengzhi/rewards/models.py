"""Tip rewards (举报奖励): money the office pays a citizen whose report proved true.

The office proposes a reward on a public report whose problem was verified and closed, naming
the approver; the approver (not the proposer) approves or refuses it; the office records the
payment. One live reward per report and per problem: when several citizens reported the same
thing (merged duplicates), one of them is rewarded, as a rule the first. A refused proposal
does not block a new one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RewardStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting approval")
    APPROVED = "approved", _("Approved, to be paid")
    REJECTED = "rejected", _("Not approved")
    PAID = "paid", _("Paid")


LIVE = ~Q(status=RewardStatus.REJECTED)


class TipReward(models.Model):
    report = models.ForeignKey(
        "public.PublicReport",
        verbose_name=_("public report"),
        on_delete=models.PROTECT,
        related_name="tip_rewards",
    )
    # The problem as verified: the report's own, or the master it was merged into.
    problem = models.ForeignKey(
        "ledger.Problem", verbose_name=_("problem"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=9, decimal_places=2)
    basis = models.CharField(_("grounds"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=RewardStatus.choices, default=RewardStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), db_index=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("approver's note"), max_length=200, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    payment_ref = models.CharField(_("payment reference"), max_length=60, blank=True)
    # Every change raises it; a change made on an older version is refused (two people at once).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("tip reward")
        verbose_name_plural = _("tip rewards")
        constraints = [
            models.UniqueConstraint(fields=["report"], condition=LIVE, name="reward_live_report"),
            models.UniqueConstraint(fields=["problem"], condition=LIVE, name="reward_live_problem"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="reward_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.report} ¥{self.amount}"
