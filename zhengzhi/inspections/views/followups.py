"""The office's follow-up pages: the rules' numbers (edited here) and the missed problems."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhengzhi.inspections.scope import can_release, is_office
from zhengzhi.inspections.selectors import missed_problems
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.followups import rules, update_rule


@login_required
def missed_page(request):
    page = Paginator(missed_problems(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "inspections/missed.html", {"page": page, "flags": page.object_list})


def _amount(text: str | None) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        raise InspectionError(_("Give a fine from 0 to 100000 yuan."), "invalid") from None


@login_required
def rules_page(request):
    user = request.user
    if not is_office(user):
        raise PermissionDenied
    if request.method == "POST":
        if not can_release(user):
            raise PermissionDenied
        kind = request.POST.get("kind", "")
        try:
            days_text = request.POST.get("days", "")
            if not days_text.isdigit() or len(days_text) > 3:
                raise InspectionError(_("Give a number of days from 0 to 365."), "invalid")
            update_rule(
                kind,
                actor=user,
                days=int(days_text),
                is_active=request.POST.get("is_active") == "on",
                lead_fine=_amount(request.POST.get("lead_fine")),
                assessor_fine=_amount(request.POST.get("assessor_fine")),
                request=request,
            )
        except InspectionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The rule is saved."))
            return redirect("inspections:rules")
    return render(
        request,
        "inspections/rules.html",
        {"rules": sorted(rules().values(), key=lambda r: r.kind), "can_edit": can_release(user)},
    )
