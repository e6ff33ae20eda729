"""Follow-up calls (回访): the office calls a citizen back once a problem is closed.

A call either reached someone or not (no answer, wrong number); one that reached records the
citizen's rating (满意 / 基本满意 / 不满意, the Rating of the public reports) and what was said.
A problem may be called several times (unreached attempts, a recurrence closed again); the
satisfaction rate counts the latest call that reached the citizen (rates.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhengzhi.public.models import Rating


class FollowUpCall(models.Model):
    problem = models.ForeignKey(
        "ledger.Problem",
        verbose_name=_("problem"),
        on_delete=models.PROTECT,
        related_name="followup_calls",
    )
    # The reporter called, when the problem came from the public (hotline callers included);
    # empty for a problem found by staff, where the office calls whoever it deems right.
    report = models.ForeignKey(
        "public.PublicReport",
        verbose_name=_("public report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followup_calls",
    )
    called_at = models.DateTimeField(_("called"), db_index=True)
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caller"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reached = models.BooleanField(_("reached the citizen"))
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    comment = models.TextField(_("what the citizen said"), blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("follow-up call")
        verbose_name_plural = _("follow-up calls")
        indexes = [models.Index(fields=["problem", "called_at"], name="followup_problem")]
        constraints = [
            models.CheckConstraint(
                condition=Q(reached=True) | Q(rating=""), name="followup_rating_only_if_reached"
            )
        ]

    def __str__(self) -> str:
        return f"{self.problem_id} {self.called_at:%Y-%m-%d %H:%M}"
