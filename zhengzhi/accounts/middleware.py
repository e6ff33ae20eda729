from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

TOKEN_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_X_API_TOKEN")


class PasswordExpiryMiddleware:
    """A user whose password is expired (or was set by an administrator) must change it first.

    Pages redirect to the password change. The API answers 403 to such a browser session; API
    tokens are not sessions and stay valid (the API authenticates them itself, after this).
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/")
    # Probes must answer without the session, which lives in the database.
    SKIPPED_PREFIXES = ("/healthz",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(self.SKIPPED_PREFIXES) or path.startswith(self.ALLOWED_PREFIXES):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.password_expired():
            return self.get_response(request)
        if path.startswith("/api/"):
            if any(request.META.get(h) for h in TOKEN_HEADERS):
                # The token decides; the stale session must not be the fallback if it fails.
                request.user = AnonymousUser()
                return self.get_response(request)
            return JsonResponse({"detail": "password change required"}, status=403)
        return redirect(reverse("accounts:password_change") + "?expired=1")
