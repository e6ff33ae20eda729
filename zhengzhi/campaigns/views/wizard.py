"""Creating a campaign from a template in four steps: pick the template; name, period and
territory; the lead and reporting units and the target of each task; confirm."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhengzhi.campaigns.forms import SetupForm, default_period
from zhengzhi.campaigns.forms_edit import UNIT_KIND_LABELS, grouped_units
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.campaigns.services.plans import create_from_plan, draw_plan
from zhengzhi.campaigns.services.templates import all_templates
from zhengzhi.campaigns.views.common import require_manage
from zhengzhi.org.models import Unit, UnitKind

MAX_TARGET = Decimal("9999999999")


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


def _apply_choices(plan, post, units_by_id) -> dict[int, dict]:
    """Reads step 3's choices into the plan; by task index, the target as typed and what is
    wrong with the task (shown beside it)."""
    out: dict[int, dict] = {}
    for tp in plan.tasks:
        prefix = f"t{tp.index}-"
        errors: dict[str, str] = {}  # by field: "target", "lead"
        tp.include = post.get(prefix + "include") == "on"
        lead = post.get(prefix + "lead", "")
        tp.lead_unit = units_by_id.get(int(lead)) if lead.isdigit() else None
        chosen = [
            units_by_id.get(int(v)) for v in post.getlist(prefix + "reporters") if v.isdigit()
        ]
        tp.reporters = [u for u in chosen if u is not None]
        raw = (post.get(prefix + "target") or "").strip()
        try:
            target = Decimal(raw or "0")
            if not target.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors["target"] = _("The target must be a number.")
        else:
            if target < 0:
                errors["target"] = _("The target must be 0 or more.")
            elif target > MAX_TARGET:
                errors["target"] = _("The target is too large.")
            else:
                tp.target = target
        if tp.include and tp.lead_unit is None:
            errors["lead"] = _("Choose the lead unit.")
        out[tp.index] = {"target": raw, "errors": errors if tp.include else {}}
    return out


def _rows(plan, units, choices: dict[int, dict] | None) -> list[dict]:
    """What step 3 shows for each task: the plan, the target as typed, its errors, and the
    reporting units as checkboxes grouped by kind of unit."""
    rows = []
    for tp in plan.tasks:
        typed = (choices or {}).get(tp.index, {})
        selected = {u.pk for u in tp.reporters}
        rows.append(
            {
                "tp": tp,
                "target": typed.get("target", f"{tp.target.normalize():f}"),
                "errors": typed.get("errors", {}),
                "groups": [
                    (label, [(pk, name, pk in selected) for pk, name in members])
                    for label, members in grouped_units(units, UNIT_KIND_LABELS)
                ],
            }
        )
    return rows


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
        return render(
            request, "campaigns/wizard_assign.html", {**context, "rows": _rows(plan, units, None)}
        )
    choices = _apply_choices(plan, request.POST, {u.pk: u for u in units})
    wrong = any(c["errors"] for c in choices.values())
    if step == "reassign" or wrong or not any(tp.include for tp in plan.tasks):
        errors = []
        if step != "reassign":
            errors.append(
                _("Correct the tasks marked below.") if wrong else _("Keep at least one task.")
            )
        rows = _rows(plan, units, choices if step != "reassign" else None)
        return render(
            request, "campaigns/wizard_assign.html", {**context, "rows": rows, "errors": errors}
        )
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
