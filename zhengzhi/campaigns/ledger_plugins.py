"""Where campaigns plug into the ledger (zhengzhi.ledger.registry), registered once from
CampaignsConfig.ready: the ledger knows nothing of campaigns, and the link between a problem
and its campaign is ours (models.CampaignProblem).

- the list/API/export filter `?campaign=<id>`;
- recording in a campaign: the record form's "Campaign" choice (`?campaign=<id>` preselects it)
  and the create API's `campaign_id`;
- `campaign_id` in the API's problem output (one LEFT JOIN per list);
- the campaign line among the problem page's facts.
"""

from __future__ import annotations

from django import forms
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengzhi.campaigns.models import Campaign
from zhengzhi.campaigns.scope import recordable_campaigns, visible_campaigns
from zhengzhi.campaigns.services.problems import check_recordable, link_problem
from zhengzhi.core.validators import DbId
from zhengzhi.ledger import registry

PARAM = "campaign"


def _parse_id(text: str) -> int:
    if text.isdigit() and len(text) < 12:  # as the ledger reads its own ids
        return int(text)
    raise ValueError(_("Not an id: %(value)s") % {"value": text[:40]})


def _only_campaign(qs, campaign_id: int):
    return qs.filter(campaign_link__campaign_id=campaign_id)


def _form_field(user) -> forms.Field | None:
    """The campaigns under way this user may record in, newest first; none: no field."""
    choices = list(recordable_campaigns(user).order_by("-starts_on").values_list("id", "name"))
    if not choices:
        return None
    return forms.TypedChoiceField(
        label=gettext_lazy("Campaign"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("— none —")), *choices],
    )


def _facts_line(user, problem, allowed) -> dict | None:
    """The campaign the problem was found in: its name, linking to its page when the user may
    open it (a community's handler sees the name of the district's campaign, not a dead link)."""
    campaign = Campaign.objects.filter(problem_links__problem=problem).values("id", "name").first()
    if campaign is None:
        return None
    may_open = visible_campaigns(user).filter(pk=campaign["id"]).exists()
    return {"campaign": campaign, "may_open": may_open}


def _campaign_names(user, values: set[str]) -> dict[str, str]:
    """The names of the campaigns among `values` that the user may see (one query)."""
    ids = [int(v) for v in values if v.isdigit() and len(v) < 12]
    found = visible_campaigns(user).filter(pk__in=ids).values_list("id", "name")
    return {str(pk): name for pk, name in found}


def register() -> None:
    registry.register_problem_filter(
        registry.ProblemFilter(
            param=PARAM,
            label=gettext_lazy("Campaign"),
            parse=_parse_id,
            apply=_only_campaign,
            help="Campaign id: the problems found in that campaign",
            names=_campaign_names,
        )
    )
    registry.register_record_extension(
        registry.RecordExtension(
            key=PARAM,
            api_field="campaign_id",
            api_type=DbId | None,
            form_field=_form_field,
            validate=check_recordable,
            apply=link_problem,
            api_help="The campaign under way the problem was found in (one you take part in)",
        )
    )
    registry.register_problem_field(
        registry.ProblemField(
            key="campaign_id",
            expression=lambda: F("campaign_link__campaign_id"),
            api_type=int | None,
            api_help="The campaign the problem was found in",
        )
    )
    registry.register_detail_panel(
        registry.DetailPanel(
            key=PARAM,
            template="campaigns/_problem_campaign.html",
            context=_facts_line,
            where="facts",
            order=10,
        )
    )
