"""Hooks into Django's login flow, which Django owns: each receiver only calls a service.

Signals (rather than code in our login view) also catch logins on the Django admin site."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from zhengzhi.accounts import services


@receiver(user_logged_in, dispatch_uid="zz_login_success")
def on_login(sender, request, user, **kwargs):
    services.record_login_success(user, request)


@receiver(user_login_failed, dispatch_uid="zz_login_failure")
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is kept.
    services.record_login_failure(credentials.get("username", ""), request)


@receiver(user_locked_out, dispatch_uid="zz_login_locked")
def on_locked_out(sender, request=None, username=None, **kwargs):
    services.record_lockout(username or "", request)


@receiver(user_logged_out, dispatch_uid="zz_logout")
def on_logout(sender, request, user, **kwargs):
    services.record_logout(user, request)
