"""Writing to and checking the audit log. Call `record` inside the transaction of the change."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from zhengzhi.audit.models import AuditEvent, AuditHead


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
        )
        event.hash = event.compute_hash()
        event.save()
        AuditHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


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
            )
            event.hash = prev = event.compute_hash()
            rows.append(event)
        AuditEvent.objects.bulk_create(rows, batch_size=batch_size)
        AuditHead.objects.filter(pk=1).update(seq=seq, hash=prev)
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


@dataclass
class ChainBreak:
    seq: int
    event_id: int | None
    reason: str


def verify_chain(batch_size: int = 5000) -> tuple[int, ChainBreak | None]:
    """Checks every row in order. Returns (rows checked, first break or None)."""
    expected_prev = "0" * 64
    expected_seq = 1
    checked = 0
    for event in _iter_events(batch_size):
        if event.seq != expected_seq:
            return checked, ChainBreak(expected_seq, None, f"row {expected_seq} is missing")
        if event.prev_hash != expected_prev:
            return checked, ChainBreak(event.seq, event.pk, "does not link to the row before it")
        if event.compute_hash() != event.hash:
            return checked, ChainBreak(event.seq, event.pk, "content does not match its hash")
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.seq != checked:
        return checked, ChainBreak(checked + 1, None, f"head says {head.seq} rows, found {checked}")
    return checked, None


def _iter_events(batch_size: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq
