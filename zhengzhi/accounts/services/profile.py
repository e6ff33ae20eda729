"""The profile: interface language and API tokens."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from zhengzhi.accounts.models import ApiToken, User
from zhengzhi.audit.services import record


def is_locked_out(user: User, request=None) -> bool:
    """Whether django-axes holds the account locked, asked through axes' own handler (so its
    lockout parameters, cool-off and backend are respected)."""
    # axes reads the attempt's time and address off the request; a call without one (a script)
    # gets a blank request, which with lockout per username is all it needs
    request = request if request is not None else HttpRequest()
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
    return AxesProxyHandler.is_locked(request, credentials)


@transaction.atomic
def set_user_language(user: User, language: str) -> None:
    if user.language == language:
        return
    old = user.language
    user.language = language
    user.save(update_fields=["language"])
    record("user.language", actor=user, obj=user, data={"language": [old, language]})


@transaction.atomic
def create_api_token(user: User, name: str, *, request=None) -> tuple[ApiToken, str]:
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[:10], key_hash=ApiToken.hash_key(key)
    )
    record("token.create", actor=user, obj=token, unit_id=user.unit_id, request=request)
    return token, key


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User, request=None) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record("token.revoke", actor=actor, obj=token, unit_id=token.user.unit_id, request=request)


def user_for_token(key: str, *, request=None) -> User | None:
    """The user of a valid token, or None: unknown, revoked, expired (ZZ_API_TOKEN_DAYS), the
    account disabled, or locked out by django-axes after failed logins (a lockout must stop the
    account everywhere, not only at the login form)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=ApiToken.hash_key(key),
            revoked_at__isnull=True,
            created_at__gt=ApiToken.oldest_valid_creation(),
        )
        .first()
    )
    if token is None or not token.user.is_active or is_locked_out(token.user, request):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
