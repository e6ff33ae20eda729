"""The append-only, hash-chained audit log.

Rows are never updated or deleted: the queryset refuses it in the app, and database triggers
(SQLite and PostgreSQL) refuse it below the app. Each row carries the hash of the row before it,
so `verify_audit` finds a row that was altered or removed by someone with direct database access.

The hash is an HMAC under a key kept outside the database (zhengzhi.audit.keys), so that someone
who holds only the database cannot rewrite a row and recompute the chain after it. Rows written
before the chain was keyed (`key_id` empty, below the head's `keyed_from`) keep their plain SHA-256.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit import keys


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit rows cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit rows cannot be deleted")


class AuditEvent(models.Model):
    seq = models.BigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    unit_id = models.BigIntegerField(_("unit"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # The fingerprint of the key that signed this row; empty for the unkeyed rows of before.
    key_id = models.CharField(max_length=16, blank=True, default="")

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        # Integrity guard, not business logic: an existing row is never written again.
        if not self._state.adding:
            raise AppendOnlyError("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit rows cannot be deleted")

    def compute_hash(self) -> str:
        """The row's hash: an HMAC under the key it names, or plain SHA-256 for an unkeyed row.
        Raises KeyError for a key that is not configured."""
        fields = dict(
            seq=self.seq,
            at=self.at.isoformat(timespec="microseconds"),
            actor_id=self.actor_id,
            actor_label=self.actor_label,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            object_repr=self.object_repr,
            unit_id=self.unit_id,
            ip=self.ip,
            data=self.data,
            prev_hash=self.prev_hash,
        )
        if self.key_id:
            return chain_mac(self.key_id, **fields)
        return chain_hash(**fields)


class AuditHead(models.Model):
    """One row: the last sequence number and hash. Locking it serialises appends to the chain.

    The head is signed (`mac`, under the key `key_id`) together with `keyed_from`, the first row of
    the keyed chain: lowering the count after deleting the last rows, or moving the start of the
    keyed part to pass rewritten rows off as unkeyed ones, needs the key."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    keyed_from = models.BigIntegerField(default=1)
    key_id = models.CharField(max_length=16, blank=True, default="")
    mac = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.seq}"


def _payload(fields: dict) -> bytes:
    return json.dumps(
        fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def chain_hash(**fields) -> str:
    return hashlib.sha256(_payload(fields)).hexdigest()


def chain_mac(kid: str, **fields) -> str:
    return keys.sign(b"row:" + _payload(fields), kid)


def head_message(seq: int, hash: str, keyed_from: int) -> bytes:
    return f"head:{seq}:{hash}:{keyed_from}".encode()
