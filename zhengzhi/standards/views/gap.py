"""A sanitary-city campaign's gap page ("will we pass the review?") and its setup by the office.

Whoever may open the campaign may open its gap page; a unit sees the indicators it leads and the
values it may see, the office and leaders see everything, prerequisites and verdict included."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.campaigns.models import CampaignKind
from zhengzhi.campaigns.scope import get_campaign_for_user
from zhengzhi.org.scope import scope_for
from zhengzhi.standards import selectors
from zhengzhi.standards.facts import item_ledger_counts
from zhengzhi.standards.forms import CampaignStandardForm
from zhengzhi.standards.models import CampaignStandard, Item
from zhengzhi.standards.present import Focus, present
from zhengzhi.standards.scope import is_office
from zhengzhi.standards.services import editing
from zhengzhi.standards.services.errors import StandardsError


def _campaign(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk)
    if campaign.kind != CampaignKind.SANITARY_CITY:
        raise Http404
    return campaign


@login_required
def gap_page(request, pk: int):
    campaign = _campaign(request, pk)
    tie = (
        CampaignStandard.objects.select_related("standard", "scored_table")
        .filter(campaign=campaign)
        .first()
    )
    if tie is None:
        if is_office(request.user):
            return redirect("standards:campaign_setup", pk=campaign.pk)
        raise Http404
    result = selectors.gap_for(request.user, tie)
    everything = scope_for(request.user).all_units
    ledger = []
    if everything:  # the items mapped to problem categories, with their ledger counts
        year = timezone.localdate().year
        items = list(
            Item.objects.filter(category__standard_id=tie.standard_id)
            .filter(problem_categories__isnull=False)
            .distinct()
            .order_by("category__position", "position")
        )
        counts = item_ledger_counts(items, year)
        ledger = [(item, counts.get(item.pk)) for item in items]
    results = _item_results(tie.standard_id) if everything else []
    return render(
        request,
        "standards/gap.html",
        {
            "campaign": campaign,
            "tie": tie,
            "gap": present(result, Focus.from_query(request.GET)),
            "everything": everything,
            "ledger": ledger,
            "results": results,
            "is_office": is_office(request.user),
        },
    )


def _item_results(standard_id: int) -> list[tuple]:
    """(label, [(item, figures)], worst first) of each app that feeds the items' results."""
    from zhengzhi.standards.registry import item_results

    year = timezone.localdate().year
    out = []
    for source in item_results():
        figures = source.compute(standard_id, year)
        if not figures:
            continue
        items = Item.objects.in_bulk(list(figures))
        rows = sorted(
            ((items[pk], f) for pk, f in figures.items() if pk in items),
            key=lambda row: (row[1]["rate"], row[0].position),
        )
        out.append((source.label, rows))
    return out


@login_required
def campaign_setup(request, pk: int):
    campaign = _campaign(request, pk)
    if not is_office(request.user):
        raise Http404
    tie = CampaignStandard.objects.filter(campaign=campaign).first()
    initial = {}
    if tie is not None:
        initial = {
            "standard": tie.standard_id,
            "scored_table": tie.scored_table_id,
            "review_date": tie.review_date,
            "built_up_area": tie.built_up_area,
            "population": tie.population,
        }
    form = CampaignStandardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            editing.set_campaign_standard(
                request.user,
                campaign,
                standard=data["standard"],
                review_date=data["review_date"],
                scored_table=data["scored_table"],
                built_up_area=data["built_up_area"] if data["built_up_area"] else None,
                population=data["population"],
            )
        except StandardsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("standards:gap", pk=campaign.pk)
    return render(
        request,
        "standards/campaign_setup.html",
        {"campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )
