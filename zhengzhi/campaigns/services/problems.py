"""Ledger problems found in a campaign.

A problem is linked when it is recorded in a campaign (the ledger's record form and API, through
the record extension in campaigns/ledger_plugins.py); the ledger's `problem.report` audit row,
written in the same transaction, carries the campaign."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhengzhi.campaigns.models import CampaignProblem
from zhengzhi.campaigns.scope import recordable_campaigns
from zhengzhi.ledger.services.errors import MoveError


def check_recordable(actor, campaign_id: int) -> None:
    """Only a campaign under way that the recorder takes part in (they can open it, so the
    problem page's link to it never leads nowhere); any other is "no such campaign"."""
    if actor is None or not recordable_campaigns(actor).filter(pk=campaign_id).exists():
        raise MoveError(_("There is no such campaign."), "invalid")


def link_problem(problem, campaign_id: int, actor=None) -> dict:
    """Links a problem just recorded to its campaign (the caller's transaction, checked by
    check_recordable first); returns the data for the recording's audit row."""
    CampaignProblem.objects.create(problem=problem, campaign_id=campaign_id)
    return {"campaign": campaign_id}
