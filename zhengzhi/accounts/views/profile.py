"""The signed-in user's own page: who they are, language, API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from zhengzhi.accounts.decorators import password_current
from zhengzhi.accounts.forms import LanguageForm, TokenForm
from zhengzhi.accounts.services import create_api_token, revoke_api_token, set_user_language
from zhengzhi.org.scope import scope_for


def _render(request, *, language_form=None, token_form=None, status=200):
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "language_form": language_form or LanguageForm(initial={"language": user.language}),
            "token_form": token_form or TokenForm(),
            "tokens": user.api_tokens.order_by("revoked_at", "-created_at"),
            "scope": scope_for(user),
            "max_age_days": settings.PASSWORD_MAX_AGE_DAYS,
        },
        status=status,
    )


@login_required
@password_current
def profile(request):
    if request.method == "POST":
        form = LanguageForm(request.POST)
        if not form.is_valid():
            return _render(request, language_form=form, status=400)
        language = form.cleaned_data["language"]
        set_user_language(request.user, language)
        messages.success(request, _("Language saved."))
        response = redirect("accounts:profile")
        # The browser's cookie wins over the profile (core.middleware): keep the two in step.
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE
            )
        else:
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return response
    return _render(request)


@never_cache
@require_POST
@login_required
@password_current
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _render(request, token_form=form, status=400)
    token, key = create_api_token(request.user, form.cleaned_data["name"], request=request)
    return render(request, "accounts/token_created.html", {"token": token, "key": key})


@require_POST
@login_required
@password_current
def token_revoke(request, pk: int):
    token = get_object_or_404(request.user.api_tokens, pk=pk, revoked_at__isnull=True)
    revoke_api_token(token, actor=request.user, request=request)
    messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return redirect("accounts:profile")


@require_POST
def set_language(request):
    """Django's set_language (cookie), plus remembering the choice on the user's profile. Open
    to everyone: citizens switch the public pages' language too."""
    lang = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(lang):
        set_user_language(request.user, lang)
    return django_set_language(request)
