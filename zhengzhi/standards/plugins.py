"""Where standards plug into the apps below it (registered in StandardsConfig.ready)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from zhengzhi.campaigns.models import CampaignKind
from zhengzhi.standards.models import CampaignStandard
from zhengzhi.standards.scope import is_office


def gap_link(user, campaign) -> tuple[str, str] | None:
    """A sanitary-city campaign's page links to its gap analysis (the office: to set it up)."""
    if campaign.kind != CampaignKind.SANITARY_CITY:
        return None
    if is_office(user) or CampaignStandard.objects.filter(campaign=campaign).exists():
        return _("Will we pass the review?"), reverse("standards:gap", args=[campaign.pk])
    return None
