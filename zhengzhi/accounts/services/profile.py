"""The profile: interface language and API tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhengzhi.accounts.models import ApiToken, User
from zhengzhi.audit.services import record


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


def user_for_token(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
