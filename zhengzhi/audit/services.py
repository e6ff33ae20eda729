"""Writing to and checking the audit log. Call `record` inside the transaction of the change."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from zhengzhi.audit import keys
from zhengzhi.audit.models import AuditEvent, AuditHead, head_message


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    actor=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    unit_id: int | None = None,
    data: dict[str, Any] | None = None,
    request=None,
    actor_label: str = "",
) -> AuditEvent:
    """Appends one event to the chain, in the caller's transaction."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)[:200]
        if unit_id is None:
            unit_id = getattr(obj, "unit_id", None)
    if actor is not None and not actor_label:
        actor_label = actor.get_username()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor,
            actor_label=actor_label[:150],
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr[:200],
            unit_id=unit_id,
            ip=_client_ip(request),
            data=data or {},
            prev_hash=head.hash,
            key_id=keys.current_id(),
        )
        event.hash = event.compute_hash()
        event.save()
        _move_head(head, event.seq, event.hash)
    return event


def _move_head(head: AuditHead, seq: int, hash: str) -> None:
    """Moves the locked head, signed: see AuditHead."""
    kid = keys.current_id()
    mac = keys.sign(head_message(seq, hash, head.keyed_from), kid)
    AuditHead.objects.filter(pk=1).update(seq=seq, hash=hash, key_id=kid, mac=mac)


def record_many(events: list[dict[str, Any]], *, batch_size: int = 2000) -> int:
    """Appends many events at once, for bulk work that writes its rows in bulk (the demo's
    thousands of progress reports): each dict takes record()'s keywords (not `request`). The
    head is locked once, the chain's hashes are computed here and the rows bulk-inserted, so
    the log reads exactly as if record() had been called for each, in order."""
    if not events:
        return 0
    now = timezone.now()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        seq, prev = head.seq, head.hash
        kid = keys.current_id()
        rows = []
        for e in events:
            actor = e.get("actor")
            if actor is not None and not getattr(actor, "is_authenticated", False):
                actor = None
            obj = e.get("obj")
            object_type = e.get("object_type", "")
            object_id = e.get("object_id", "")
            object_repr = e.get("object_repr", "")
            unit_id = e.get("unit_id")
            if obj is not None:
                object_type = object_type or obj._meta.label_lower
                object_id = object_id or obj.pk
                object_repr = object_repr or str(obj)[:200]
                if unit_id is None:
                    unit_id = getattr(obj, "unit_id", None)
            actor_label = e.get("actor_label", "") or (actor.get_username() if actor else "")
            seq += 1
            event = AuditEvent(
                seq=seq,
                at=now,
                actor=actor,
                actor_label=actor_label[:150],
                action=e["action"],
                object_type=object_type,
                object_id=str(object_id),
                object_repr=object_repr[:200],
                unit_id=unit_id,
                ip=None,
                data=e.get("data") or {},
                prev_hash=prev,
                key_id=kid,
            )
            event.hash = prev = event.compute_hash()
            rows.append(event)
        AuditEvent.objects.bulk_create(rows, batch_size=batch_size)
        _move_head(head, seq, prev)
    return len(rows)


def changes(instance: models.Model, before: dict[str, Any], fields: list[str]) -> dict:
    """{'field': [old, new]} for the fields that changed, as JSON-safe strings."""
    out = {}
    for name in fields:
        new = getattr(instance, name)
        if before.get(name) != new:
            out[name] = [_plain(before.get(name)), _plain(new)]
    return out


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)
