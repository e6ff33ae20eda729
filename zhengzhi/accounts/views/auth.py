"""Login, logout and the password change (the 等保 baseline: expiry, history, lockout)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import password_validation, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from zhengzhi.accounts.forms import LoginForm, PasswordChangeForm
from zhengzhi.accounts.services import change_password


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


login = LoginView.as_view()
logout = auth_views.LogoutView.as_view()


@sensitive_post_parameters()
@never_cache
@login_required
def password_change(request):
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_password(user, form.cleaned_data["new_password1"], request=request)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("new_password1", message)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect(settings.LOGIN_REDIRECT_URL)
    reason = None
    if user.must_change_password:
        reason = _("An administrator set your password: choose your own before you continue.")
    elif user.password_expired():
        reason = _("Your password has expired: choose a new one before you continue.")
    return render(
        request,
        "accounts/password_change.html",
        {
            "form": form,
            "reason": reason,
            "password_help": password_validation.password_validators_help_texts(),
        },
    )
