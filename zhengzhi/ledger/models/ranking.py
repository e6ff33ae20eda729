"""How the office weighs the rates in the unit ranking, and how it keeps the ranking fair."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RankingWeights(models.Model):
    """One row (pk 1) for the office; a campaign may get its own row when campaigns arrive.

    Each weight multiplies one smoothed rate; the score is their weighted mean. Units with
    fewer problems assessed than `min_volume` are listed apart, and every rate is pulled toward the
    mean of all units by `prior_strength` imaginary problems (Bayesian smoothing), so that a
    handful of quick fixes cannot top the ranking.
    """

    on_time = models.DecimalField(
        _("weight of the on-time closure rate"), max_digits=6, decimal_places=2, default=40
    )
    closure = models.DecimalField(
        _("weight of the closure rate"), max_digits=6, decimal_places=2, default=30
    )
    rework = models.DecimalField(
        _("weight of the rework rate"), max_digits=6, decimal_places=2, default=10
    )
    returned = models.DecimalField(
        _("weight of the return rate"), max_digits=6, decimal_places=2, default=10
    )
    extension = models.DecimalField(
        _("weight of the extension rate"), max_digits=6, decimal_places=2, default=10
    )
    satisfaction = models.DecimalField(
        _("weight of the satisfaction rate"), max_digits=6, decimal_places=2, default=10
    )
    min_volume = models.PositiveIntegerField(
        _("minimum problems to be ranked"),
        default=10,
        help_text=_(
            "Units with fewer problems assessed (due to close − deferred) in the period are "
            "listed apart as too few to rank."
        ),
    )
    prior_strength = models.PositiveIntegerField(
        _("smoothing strength"),
        default=20,
        help_text=_(
            "Each unit's rates are pulled toward the mean of all units as if it had this many "
            "more problems at that mean. 0 turns smoothing off."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ranking weights")
        verbose_name_plural = _("ranking weights")

    def __str__(self) -> str:
        return str(_("Ranking weights"))
