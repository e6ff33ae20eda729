from functools import wraps

from django.shortcuts import redirect
from django.urls import reverse


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
