"""API keys of Open311 clients: issued and revoked by the office, checked on every POST."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.open311.models import ApiKey

# last_used_at is written at most this often: a busy client does not write on every POST.
TOUCH_SECONDS = 300


def _name_taken(name: str) -> ValidationError:
    return ValidationError(
        {
            "name": [
                _("“%(name)s” has a key in use already; revoke it or choose another name.")
                % {"name": name}
            ]
        }
    )


@transaction.atomic
def issue_key(*, name: str, contact: str = "", actor, request=None) -> tuple[ApiKey, str]:
    """A new key for the client `name`; returns the row and the key, which is never stored.
    A client has one key in use at a time (a revoked key's name may be given a new key)."""
    name, contact = (name or "").strip(), (contact or "").strip()
    if not name:
        raise ValidationError({"name": [_("Name the client that will use the key.")]})
    if len(name) > 100 or len(contact) > 200 or "\x00" in name + contact:
        raise ValidationError(
            {"name": [_("The client has at most 100 characters and the contact 200.")]}
        )
    if ApiKey.objects.filter(name=name, revoked_at__isnull=True).exists():
        raise _name_taken(name)
    key = ApiKey.new_key()
    try:
        with transaction.atomic():
            api_key = ApiKey.objects.create(
                name=name,
                contact=contact,
                prefix=key[:10],
                key_hash=ApiKey.hash_key(key),
                issued_by=actor,
                issued_at=timezone.now(),
            )
    except IntegrityError:  # the same name issued by someone else at the same moment
        raise _name_taken(name) from None
    record(
        "open311.key.issue",
        actor=actor,
        obj=api_key,
        request=request,
        data={"name": name, "prefix": api_key.prefix},
    )
    return api_key, key


@transaction.atomic
def revoke_key(pk: int, *, actor, request=None) -> ApiKey:
    """Revokes at once; revoking a revoked key changes nothing (and writes no audit row)."""
    api_key = ApiKey.objects.select_for_update().get(pk=pk)
    if api_key.revoked_at is not None:
        return api_key
    api_key.revoked_at = timezone.now()
    api_key.revoked_by = actor
    api_key.save(update_fields=["revoked_at", "revoked_by"])
    record(
        "open311.key.revoke",
        actor=actor,
        obj=api_key,
        request=request,
        data={"name": api_key.name, "prefix": api_key.prefix},
    )
    return api_key


def key_for(raw: str) -> ApiKey | None:
    """The active key matching `raw`, or None (unknown, revoked or empty)."""
    raw = (raw or "").strip()
    if not raw or len(raw) > 200:
        return None
    api_key = ApiKey.objects.filter(key_hash=ApiKey.hash_key(raw), revoked_at__isnull=True).first()
    if api_key is None:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() > TOUCH_SECONDS:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    return api_key
