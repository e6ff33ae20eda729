"""Error pages, wired in zhengzhi/portal/urls.py (handler404/403/500) and
settings.CSRF_FAILURE_VIEW. They answer in the user's language: LanguageMiddleware has already
activated it when a view fails."""

from django.conf import settings
from django.http import HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.middleware import csrf
from django.shortcuts import render, resolve_url
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import requires_csrf_token

# Django's forms put gettext(":") after each label. Listed here so the project catalogue carries
# it: its full-width "：" for Simplified Chinese overrides Django's own ASCII ":".
gettext_noop(":")


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


@requires_csrf_token
def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", {"request_path": request.path}, status=404)


@requires_csrf_token
def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Permission denied.")}, status=403)
    return render(request, "403.html", status=403)


def _nonce(request) -> str:
    return getattr(request, "csp_nonce", "")


@requires_csrf_token
def server_error(request):
    """No request context on purpose: context processors query the database, and the database
    may be what failed. The template stands alone; if even it fails, a plain line is better
    than a second traceback."""
    if _is_api(request):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    try:
        # the nonce lets the standalone page's own <style> through the CSP (zhengzhi.core.csp)
        body = loader.get_template("500.html").render({"csp_nonce": _nonce(request)})
    except Exception:  # noqa: BLE001 - the last resort must not raise
        body = "<h1>500</h1>"
    return HttpResponseServerError(body)


def _safe_url(request, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def csrf_failure(request, reason: str = ""):
    """settings.CSRF_FAILURE_VIEW. The usual cause is a stale form, not an attack: a login page
    left open in a second tab or reached with Back, whose token was rotated by a login or logout
    since. Someone already signed in who posts the login form is where they wanted to be."""
    login_url = reverse("accounts:login")
    if request.path == login_url and request.user.is_authenticated:
        target = _safe_url(request, request.POST.get("next") or request.GET.get("next"))
        return HttpResponseRedirect(target or resolve_url(settings.LOGIN_REDIRECT_URL))
    if request.path == reverse("accounts:logout") and not request.user.is_authenticated:
        return HttpResponseRedirect(login_url)  # already logged out, which is what was asked
    if request.path == login_url:
        back = request.get_full_path()
    else:
        back = _safe_url(request, request.headers.get("referer")) or resolve_url(
            settings.LOGIN_REDIRECT_URL
        )
    response = render(
        request,
        "403_csrf.html",
        {"back_url": back, "no_cookie": reason == csrf.REASON_NO_CSRF_COOKIE},
        status=403,
    )
    if getattr(request, "htmx", False):
        # htmx does not swap a 403 in; reloading the page gets a fresh token.
        response["HX-Refresh"] = "true"
    return response
