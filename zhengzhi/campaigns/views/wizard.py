"""Creating a campaign from a template in four steps: pick the template; name, period and
territory; the lead and reporting units and the target of each task; confirm."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhengzhi.campaigns.forms import SetupForm, default_period
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.campaigns.services.plans import create_from_plan, draw_plan
from zhengzhi.campaigns.services.templates import all_templates
from zhengzhi.campaigns.views.common import require_manage
from zhengzhi.org.models import Unit, UnitKind


@login_required
def wizard_pick(request):
    require_manage(request.user)
    templates = sorted(all_templates().values(), key=lambda t: (bool(t.get("office")), t["name"]))
    return render(request, "campaigns/wizard_pick.html", {"templates": templates})


def _units_for(scope_unit: Unit) -> list[Unit]:
    """Units a task may be given to: the departments and the territories within the scope."""
    deps = Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True)
    terr = Unit.objects.filter(
        kind=UnitKind.TERRITORY, is_active=True, path__startswith=scope_unit.path
    )
    return list(deps.order_by("path")) + list(terr.order_by("path"))


def _apply_choices(plan, post, units_by_id, errors: list[str]) -> None:
    for tp in plan.tasks:
        prefix = f"t{tp.index}-"
        tp.include = post.get(prefix + "include") == "on"
        lead = post.get(prefix + "lead", "")
        tp.lead_unit = units_by_id.get(int(lead)) if lead.isdigit() else None
        chosen = [
            units_by_id.get(int(v)) for v in post.getlist(prefix + "reporters") if v.isdigit()
        ]
        tp.reporters = [u for u in chosen if u is not None]
        raw = (post.get(prefix + "target") or "0").strip()
        try:
            tp.target = Decimal(raw)
            if not tp.target.is_finite() or tp.target < 0 or tp.target > Decimal("9999999999"):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            tp.target = Decimal(0)
            errors.append(_("Task “%(t)s”: the target must be a number.") % {"t": tp.title})
        if tp.include and tp.lead_unit is None:
            errors.append(_("Task “%(t)s”: choose the lead unit.") % {"t": tp.title})


@login_required
def wizard_plan(request, key: str):
    require_manage(request.user)
    templates = all_templates()
    data = templates.get(key)
    if data is None:
        from django.http import Http404

        raise Http404
    step = request.POST.get("step", "setup") if request.method == "POST" else "setup"
    if request.method == "GET":
        start, end = default_period(int(data.get("default_days", 90)))
        office = request.user.unit if request.user.unit and request.user.unit.is_office else None
        form = SetupForm(
            initial={
                "name": f"{start.year}年{data['name']}",
                "starts_on": start,
                "ends_on": end,
                "scope_unit": Unit.objects.filter(
                    kind=UnitKind.TERRITORY, level="district"
                ).first(),
                "office_unit": office or Unit.objects.filter(kind=UnitKind.OFFICE).first(),
            }
        )
        return render(request, "campaigns/wizard_setup.html", {"t": data, "form": form})

    form = SetupForm(request.POST)
    if not form.is_valid() or step == "back":
        return render(request, "campaigns/wizard_setup.html", {"t": data, "form": form})
    cd = form.cleaned_data
    plan = draw_plan(
        data,
        name=cd["name"],
        starts_on=cd["starts_on"],
        ends_on=cd["ends_on"],
        scope_unit=cd["scope_unit"],
        office_unit=cd["office_unit"],
    )
    units = _units_for(cd["scope_unit"])
    context = {"t": data, "form": form, "plan": plan, "units": units}
    if step == "setup":
        return render(request, "campaigns/wizard_assign.html", context)
    errors: list[str] = []
    _apply_choices(plan, request.POST, {u.pk: u for u in units}, errors)
    if step != "reassign" and (errors or not any(tp.include for tp in plan.tasks)):
        if not errors:
            errors.append(_("Keep at least one task."))
        return render(request, "campaigns/wizard_assign.html", {**context, "errors": errors})
    if step == "reassign":
        return render(request, "campaigns/wizard_assign.html", context)
    if step == "assign":
        return render(request, "campaigns/wizard_confirm.html", context)
    try:
        campaign = create_from_plan(plan, actor=request.user, request=request)
    except CampaignError as exc:
        return render(
            request, "campaigns/wizard_confirm.html", {**context, "errors": [exc.message]}
        )
    messages.success(
        request,
        _("The campaign is created as a draft: check it, then start it."),
    )
    return redirect("campaigns:detail", pk=campaign.pk)
