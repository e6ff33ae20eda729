"""Which campaign a ledger problem was found in.

The link lives here, not on the problem: the ledger (layer 3) knows nothing of campaigns, as it
will know nothing of the inspection visit or the case a problem belongs to; each app above it
keeps its own link to the problem."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignProblem(models.Model):
    # The problem is the key: a problem belongs to one campaign at most.
    problem = models.OneToOneField(
        "ledger.Problem",
        verbose_name=_("problem"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="campaign_link",
    )
    # A campaign that has problems is not deleted (as when the key was on the problem).
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="problem_links",
        db_index=False,  # the index below starts with it
    )

    class Meta:
        verbose_name = _("campaign problem")
        verbose_name_plural = _("campaign problems")
        indexes = [
            # A campaign's problems (its counts, the ledger filter, the indicators' subquery)
            # are read from the index alone.
            models.Index(fields=["campaign", "problem"], name="campaignproblem_campaign"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.problem_id}"
