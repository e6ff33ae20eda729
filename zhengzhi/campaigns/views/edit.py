"""The office changes a campaign as it runs: its details and problem categories, its phases and
its leading group. Each page carries the campaign's version: a save over a newer version keeps
what was typed and shows what is saved now."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhengzhi.campaigns.forms_edit import (
    CampaignForm,
    VersionedForm,
    campaign_initial,
    member_formset,
    phase_formset,
)
from zhengzhi.campaigns.models import Campaign
from zhengzhi.campaigns.scope import get_campaign_for_user
from zhengzhi.campaigns.services import campaigns as services
from zhengzhi.campaigns.services.errors import CampaignError, Stale
from zhengzhi.campaigns.views.common import require_manage
from zhengzhi.campaigns.views.edit_common import differences, refuse


def campaign_to_manage(request, pk: int) -> Campaign:
    require_manage(request.user)
    return get_campaign_for_user(request.user, pk)


@login_required
def campaign_edit(request, pk: int):
    campaign = campaign_to_manage(request, pk)
    changed = None
    if request.method == "POST":
        form = CampaignForm(request.POST, campaign=campaign)
        if form.is_valid():
            try:
                services.update_campaign(
                    campaign.pk,
                    form.values(),
                    actor=request.user,
                    version=form.cleaned_data["version"],
                    request=request,
                )
            except Stale:
                current = Campaign.objects.get(pk=campaign.pk)
                form.refresh_version(current.version)
                changed = differences(form, campaign_initial(current))
            except CampaignError as exc:
                refuse(form, exc)
            else:
                messages.success(request, _("The campaign is saved."))
                return redirect("campaigns:detail", pk=campaign.pk)
    else:
        form = CampaignForm(initial=campaign_initial(campaign), campaign=campaign)
    return render(
        request,
        "campaigns/edit_campaign.html",
        {"campaign": campaign, "form": form, "changed": changed},
    )


def _list_page(request, campaign: Campaign, *, make, save, template: str, saved_message: str):
    """A list edited as a whole (phases, the leading group): the formset, the campaign's
    version beside it, the service replacing the list."""
    stale = False
    if request.method == "POST":
        head = VersionedForm(request.POST)
        formset = make(campaign, request.POST)
        if head.is_valid() and formset.is_valid():
            try:
                save(formset, head.cleaned_data["version"])
            except Stale:
                stale = True
                head.refresh_version(Campaign.objects.get(pk=campaign.pk).version)
            except CampaignError as exc:
                formset.service_errors.append(exc.message)
            else:
                messages.success(request, saved_message)
                return redirect("campaigns:detail", pk=campaign.pk)
        elif not head.is_valid():
            formset.service_errors.append(_("The page is incomplete: open it again."))
    else:
        head = VersionedForm(initial={"version": campaign.version})
        formset = make(campaign)
    return render(
        request,
        template,
        {"campaign": campaign, "head": head, "formset": formset, "stale": stale},
    )


@login_required
def campaign_phases(request, pk: int):
    campaign = campaign_to_manage(request, pk)

    def save(formset, version):
        services.replace_phases(
            campaign.pk, formset.phases(), actor=request.user, version=version, request=request
        )

    return _list_page(
        request,
        campaign,
        make=lambda c, data=None: phase_formset(c, data),
        save=save,
        template="campaigns/edit_phases.html",
        saved_message=_("The phases are saved."),
    )


@login_required
def campaign_group(request, pk: int):
    campaign = campaign_to_manage(request, pk)

    def save(formset, version):
        services.replace_group(
            campaign.pk, formset.members(), actor=request.user, version=version, request=request
        )

    return _list_page(
        request,
        campaign,
        make=lambda c, data=None: member_formset(c, data),
        save=save,
        template="campaigns/edit_group.html",
        saved_message=_("The leading group is saved."),
    )
