"""Unit pages: everyone sees the units in their scope; the office administrator manages them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.core.roles import Role, role_required
from zhengzhi.org.forms import UnitFilterForm, UnitForm
from zhengzhi.org.models import Unit
from zhengzhi.org.registry import unit_panels
from zhengzhi.org.rules import deactivation_blockers
from zhengzhi.org.scope import get_unit_for_user, scope_for, visible_units
from zhengzhi.org.selectors import filter_units
from zhengzhi.org.services import (
    create_unit,
    deactivate_unit,
    parent_of,
    reactivate_unit,
    update_unit,
)

PAGE_SIZE = 200


@login_required
def unit_list(request):
    form = UnitFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = filter_units(visible_units(request.user), data).annotate(
        n_users=Count("users", filter=Q(users__is_active=True))
    )
    page = Paginator(qs.order_by("path"), PAGE_SIZE).get_page(request.GET.get("page"))
    units = list(page.object_list)
    top = min((u.depth for u in units), default=1)
    for unit in units:
        unit.indent = unit.depth - top
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "org/unit_list.html",
        {
            "form": form,
            "page": page,
            "units": units,
            "can_manage": request.user.has_role(Role.OFFICE_ADMIN),
            "base_query": params.urlencode(),
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    scope = scope_for(request.user)
    parent = parent_of(unit)
    ancestors = [a for a in Unit.objects.get_ancestors(unit) if scope.allows(a.pk)]
    children = Unit.objects.get_children(unit).annotate(
        n_users=Count("users", filter=Q(users__is_active=True))
    )
    users = (
        # The user model (accounts) sits above org: reached as Django's configured user model.
        scope.filter(get_user_model().objects.all(), field="unit")
        .filter(unit=unit)
        .prefetch_related("roles")
        .order_by("-is_active", "username")[:100]
    )
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "parent": parent if parent and scope.allows(parent.pk) else None,
            "ancestors": ancestors,
            "children": children,
            "users": users,
            "can_manage": request.user.has_role(Role.OFFICE_ADMIN),
            "panels": unit_panels(unit, request.user),
        },
    )


@role_required(Role.OFFICE_ADMIN)
def unit_create(request):
    initial = {}
    parent_id = request.GET.get("parent", "")
    if parent_id.isdigit():
        parent = Unit.objects.filter(pk=parent_id).first()
        if parent is not None:
            initial = {"parent": parent, "kind": parent.kind}
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = create_unit(form.unit_data(), actor=request.user, request=request)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": None})


@role_required(Role.OFFICE_ADMIN)
def unit_edit(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    initial = {
        "parent": parent_of(unit),
        **{
            f: getattr(unit, f)
            for f in ("name", "code", "kind", "level", "division_code", "phone", "address")
        },
    }
    form = UnitForm(request.POST or None, initial=initial, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            update_unit(unit, form.unit_data(), actor=request.user, request=request)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@role_required(Role.OFFICE_ADMIN)
def unit_deactivate(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    if request.method == "POST":
        try:
            deactivate_unit(unit, actor=request.user, request=request)
        except ValidationError as exc:
            return render(
                request,
                "org/unit_deactivate.html",
                {"unit": unit, "blockers": exc.messages},
                status=409,
            )
        messages.success(request, _("Unit %(name)s deactivated.") % {"name": unit.name})
        return redirect("org:unit_detail", pk=unit.pk)
    return render(
        request,
        "org/unit_deactivate.html",
        {"unit": unit, "blockers": deactivation_blockers(unit)},
    )


@require_POST
@role_required(Role.OFFICE_ADMIN)
def unit_reactivate(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    try:
        reactivate_unit(unit, actor=request.user, request=request)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Unit %(name)s reactivated.") % {"name": unit.name})
    return redirect("org:unit_detail", pk=unit.pk)
