"""User pages. Everyone sees the users of their scope, read-only; the office administrator
creates and changes them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhengzhi.accounts.decorators import password_current
from zhengzhi.accounts.forms import UserFilterForm, UserForm
from zhengzhi.accounts.scope import get_user_for_viewer
from zhengzhi.accounts.selectors import filter_users
from zhengzhi.accounts.services import (
    create_user,
    deactivate_user,
    locked_usernames,
    lockout_until,
    reactivate_user,
    reset_password,
    unlock_user,
    update_user,
)
from zhengzhi.audit.models import AuditEvent
from zhengzhi.core.roles import Role, role_required
from zhengzhi.org.models import Unit
from zhengzhi.org.scope import scope_for, visible_units

PAGE_SIZE = 50


@login_required
@password_current
def user_list(request):
    form = UserFilterForm(request.GET or None, units=visible_units(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(filter_users(request.user, data), PAGE_SIZE).get_page(request.GET.get("page"))
    users = list(page.object_list)
    locked = locked_usernames([u.username for u in users])
    for user in users:
        user.locked = user.username in locked
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "accounts/user_list.html",
        {
            "form": form,
            "page": page,
            "users": users,
            "can_manage": request.user.has_role(Role.OFFICE_ADMIN),
            "base_query": params.urlencode(),
        },
    )


@login_required
@password_current
def user_detail(request, pk: int):
    user = get_user_for_viewer(request.user, pk)
    can_manage = request.user.has_role(Role.OFFICE_ADMIN)
    events = []
    if can_manage:
        events = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk))[:20]
    unit_visible = user.unit_id is not None and scope_for(request.user).allows(user.unit_id)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": user,
            "roles": user.roles.all(),
            "unit_visible": unit_visible,
            "locked_until": lockout_until(user.username),
            "can_manage": can_manage,
            "events": events,
        },
    )


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@never_cache
@role_required(Role.OFFICE_ADMIN)
@password_current
def user_create(request):
    initial = {}
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        initial["unit"] = Unit.objects.filter(pk=unit_id, is_active=True).first()
    form = UserForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            user, temporary = create_user(
                username=cd["username"],
                full_name=cd["full_name"],
                unit=cd["unit"],
                roles=cd["roles"],
                phone=cd["phone"],
                email=cd["email"],
                password=cd["password"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            if temporary:
                return render(
                    request,
                    "accounts/user_password.html",
                    {"subject": user, "password": temporary, "created": True},
                )
            messages.success(
                request,
                _("User %(name)s created; they must change the password at the first login.")
                % {"name": user.username},
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "subject": None})


@role_required(Role.OFFICE_ADMIN)
@password_current
def user_edit(request, pk: int):
    user = get_user_for_viewer(request.user, pk)
    initial = {
        "full_name": user.full_name,
        "unit": user.unit,
        "roles": sorted(user.role_set),
        "phone": user.phone,
        "email": user.email,
    }
    form = UserForm(request.POST or None, initial=initial, instance=user)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            update_user(
                user,
                full_name=cd["full_name"],
                unit=cd["unit"],
                roles=cd["roles"],
                phone=cd["phone"],
                email=cd["email"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "subject": user})


def _act(request, pk: int, action, done: str):
    user = get_user_for_viewer(request.user, pk)
    try:
        action(user, actor=request.user, request=request)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"name": user.username})
    return redirect("accounts:user_detail", pk=user.pk)


@require_POST
@role_required(Role.OFFICE_ADMIN)
@password_current
def user_deactivate(request, pk: int):
    return _act(request, pk, deactivate_user, _("User %(name)s deactivated."))


@require_POST
@role_required(Role.OFFICE_ADMIN)
@password_current
def user_reactivate(request, pk: int):
    return _act(request, pk, reactivate_user, _("User %(name)s reactivated."))


@require_POST
@role_required(Role.OFFICE_ADMIN)
@password_current
def user_unlock(request, pk: int):
    return _act(request, pk, unlock_user, _("User %(name)s unlocked: they may log in again."))


@never_cache
@require_POST
@role_required(Role.OFFICE_ADMIN)
@password_current
def user_reset_password(request, pk: int):
    user = get_user_for_viewer(request.user, pk)
    password = reset_password(user, actor=request.user, request=request)
    return render(request, "accounts/user_password.html", {"subject": user, "password": password})
