"""The decomposition table, the campaigns that have one, and the completeness view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.archive.completeness import completeness
from zhengzhi.archive.forms import CycleForm
from zhengzhi.archive.scope import (
    get_campaign_for_user,
    is_office,
    own_units,
    visible_campaigns,
)
from zhengzhi.archive.selectors import table_rows
from zhengzhi.archive.services import table as table_services
from zhengzhi.archive.services.errors import ArchiveError
from zhengzhi.archive.services.table import cycle_years
from zhengzhi.org.models import Unit
from zhengzhi.standards.models import Category, Item

MAX_GAPS = 300


@login_required
def campaign_list(request):
    campaigns = visible_campaigns(request.user).order_by("-starts_on", "pk")
    return render(request, "archive/campaign_list.html", {"campaigns": campaigns})


@login_required
def table(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk)
    flag = request.GET.get("flag", "")
    flag = flag if flag in ("owner", "task") else ""
    rows = table_rows(request.user, campaign, flagged=flag)
    years = cycle_years(campaign, timezone.localdate())
    done = completeness(campaign, years, units=own_units(request.user))
    office = is_office(request.user)
    archive = table_services.archive_of(campaign) if office else None
    return render(
        request,
        "archive/table.html",
        {
            "campaign": campaign,
            "rows": [(r, done.by_item.get(r.duty.item_id)) for r in rows],
            "flag": flag,
            "years": years,
            "is_office": office,
            "cycle_form": CycleForm(initial={"cycle_years": archive.cycle_years})
            if archive
            else None,
            "no_owner": sum(1 for r in rows if r.no_owner),
            "no_task": sum(1 for r in rows if r.no_task),
        },
    )


@login_required
@require_POST
def build(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk)
    if not is_office(request.user):
        raise Http404
    try:
        added = table_services.build_table(request.user, campaign, request=request)
    except ArchiveError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d rows added to the table.") % {"n": added})
    return redirect("archive:table", pk=campaign.pk)


@login_required
@require_POST
def cycle(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk)
    if not is_office(request.user):
        raise Http404
    form = CycleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The review cycle is 1 to 10 years."))
    else:
        table_services.set_cycle(
            request.user, campaign, form.cleaned_data["cycle_years"], request=request
        )
        messages.success(request, _("Review cycle saved."))
    return redirect("archive:table", pk=campaign.pk)


@login_required
def completeness_view(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk)
    years = cycle_years(campaign, timezone.localdate())
    done = completeness(campaign, years, units=own_units(request.user))
    items = {i.pk: i for i in Item.objects.filter(pk__in=done.by_item).select_related("category")}
    categories = Category.objects.filter(pk__in=done.by_category).order_by("position", "pk")
    unit_ids = [u for u in done.by_unit if u is not None]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    from zhengzhi.archive.models import Duty, Requirement

    duty_of = dict(
        Duty.objects.filter(campaign=campaign, item__in=list(items)).values_list("item_id", "pk")
    )
    titles = dict(
        Requirement.objects.filter(pk__in={g.requirement_id for g in done.gaps}).values_list(
            "pk", "title"
        )
    )
    unit_filter = request.GET.get("unit", "")
    gaps = [g for g in done.gaps if not unit_filter or str(g.unit_id or "none") == unit_filter]
    return render(
        request,
        "archive/completeness.html",
        {
            "campaign": campaign,
            "years": years,
            "total": done.total,
            "categories": [(c, done.by_category[c.pk]) for c in categories],
            "units": sorted(
                ((units.get(u) if u else None, u, c) for u, c in done.by_unit.items()),
                key=lambda t: (-t[2].missing, t[0].name if t[0] else ""),
            ),
            "items": sorted(
                ((items[i], duty_of.get(i), c) for i, c in done.by_item.items()),
                key=lambda t: (t[0].category.position, t[0].position, t[0].pk),
            ),
            "gaps": [
                (g, items[g.item_id], units.get(g.unit_id), titles.get(g.requirement_id, ""))
                for g in gaps[:MAX_GAPS]
            ],
            "more_gaps": max(len(gaps) - MAX_GAPS, 0),
            "unit_filter": unit_filter,
        },
    )
