from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse


def role_required(*roles: str):
    """Signed-in users holding one of the roles; for anyone else the page does not exist."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def password_current(view):
    """Pages under /accounts/ are let through by PasswordExpiryMiddleware (the password page
    lives there); every other page there first sends an expired password to be changed."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.password_expired():
            return redirect(reverse("accounts:password_change") + "?expired=1")
        return view(request, *args, **kwargs)

    return wrapped
