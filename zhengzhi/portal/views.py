from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from zhengzhi.accounts.services import set_user_language
from zhengzhi.org.scope import scope_for


@login_required
def home(request):
    scope = scope_for(request.user)
    return render(request, "portal/home.html", {"scope": scope})


@require_POST
def set_language(request):
    """Django's set_language (cookie), plus remembering the choice on the user's profile."""
    lang = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(lang):
        set_user_language(request.user, lang)
    return django_set_language(request)
