"""Every change of a record after it is proposed: the office approves it (numbered 〔year〕N号 per
kind under a lock, the .docx written and stored as issued, the unit told) or dismisses it; the
unit answers in writing. Each writes the audit log."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zhengzhi.accountability.models import (
    DOCUMENT_NAMES,
    LadderRule,
    Record,
    RecordDocument,
    RecordStatus,
)
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.audit.services import record as audit

MAX_TEXT = 10_000


def _locked(record_id: int, version: int) -> Record:
    rec = (
        Record.objects.select_for_update(of=("self",))
        .select_related("unit", "rule")
        .get(pk=record_id)
    )
    if rec.version != version:
        raise AccountabilityError(
            _("Someone changed this record meanwhile: reload the page and try again."), "stale"
        )
    return rec


def _unit_users(unit_id: int):
    from zhengzhi.accounts.models import User
    from zhengzhi.core.roles import Role

    return User.objects.filter(
        is_active=True, unit_id=unit_id, roles__role__in=(Role.UNIT_LEADER, Role.HANDLER)
    ).distinct()


@transaction.atomic
def issue(
    record_id: int,
    *,
    actor,
    version: int,
    note: str = "",
    now: dt.datetime | None = None,
    request=None,
) -> Record:
    """The office's approval: only now does the record exist for the unit."""
    from zhengzhi.accountability.document import render
    from zhengzhi.notifications.messages import Message
    from zhengzhi.notifications.services import notify

    now = now or timezone.now()
    rec = _locked(record_id, version)
    if rec.status != RecordStatus.PROPOSED:
        raise AccountabilityError(_("Only a proposal can be approved."), "status")
    if len(note) > MAX_TEXT:
        raise AccountabilityError(_("The note is too long."), "too_long", "note")
    # Numbers per kind and year, without gaps: the rows of that kind and year are locked.
    day = timezone.localdate(now)
    same = Record.objects.select_for_update().filter(kind=rec.kind, year=day.year)
    numbers = [n for n in same.values_list("number", flat=True) if n]
    rec.year, rec.number = day.year, max(numbers, default=0) + 1
    rec.status, rec.approved_by, rec.approved_at = RecordStatus.ISSUED, actor, now
    rec.office_note = note.strip()
    rec.version += 1
    rec.save()
    content = render(rec, day)
    RecordDocument.objects.create(
        record=rec,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        created_at=now,
    )
    audit(
        "accountability.record.issued",
        actor=actor,
        obj=rec,
        unit_id=rec.unit_id,
        request=request,
        data={"kind": rec.kind, "year": rec.year, "number": rec.number, "total": rec.total},
    )
    notify(
        _unit_users(rec.unit_id),
        Message(gettext_noop("%(name)s issued to your unit"), {"name": DOCUMENT_NAMES[rec.kind]}),
        str(rec),
        url=f"/accountability/{rec.pk}/",
        kind="accountability.issued",
        channels=("inbox",),
    )
    return rec


@transaction.atomic
def dismiss(record_id: int, *, actor, version: int, note: str = "", request=None) -> Record:
    rec = _locked(record_id, version)
    if rec.status != RecordStatus.PROPOSED:
        raise AccountabilityError(_("Only a proposal can be dismissed."), "status")
    rec.status, rec.office_note, rec.version = RecordStatus.DISMISSED, note.strip(), rec.version + 1
    rec.save(update_fields=["status", "office_note", "version"])
    audit(
        "accountability.record.dismissed",
        actor=actor,
        obj=rec,
        unit_id=rec.unit_id,
        request=request,
        data={"note": rec.office_note[:200]},
    )
    return rec


@transaction.atomic
def respond(
    record_id: int,
    *,
    actor,
    version: int,
    text: str,
    now: dt.datetime | None = None,
    request=None,
) -> Record:
    """The unit's written response (整改情况说明); it may be written again while the record is
    open, each version audited."""
    text = (text or "").strip()
    if not text:
        raise AccountabilityError(_("Write the unit's response."), "required", "response")
    if len(text) > MAX_TEXT:
        raise AccountabilityError(_("The response is too long."), "too_long", "response")
    rec = _locked(record_id, version)
    if rec.status not in (RecordStatus.ISSUED, RecordStatus.ANSWERED):
        raise AccountabilityError(_("Only an issued record can be answered."), "status")
    rec.response, rec.responded_by = text, actor
    rec.responded_at = now or timezone.now()
    rec.status, rec.version = RecordStatus.ANSWERED, rec.version + 1
    rec.save(update_fields=["response", "responded_by", "responded_at", "status", "version"])
    audit(
        "accountability.record.answered",
        actor=actor,
        obj=rec,
        unit_id=rec.unit_id,
        request=request,
        data={"length": len(text)},
    )
    return rec


def shares_errors(shares) -> str | None:
    if not isinstance(shares, list) or not shares:
        return _("Give at least one share.")
    for row in shares:
        if (
            not isinstance(row, list | tuple)
            or len(row) != 2
            or not str(row[0]).strip()
            or not isinstance(row[1], int)
            or row[1] <= 0
        ):
            return _("Each share is a name and a whole number above zero.")
    return None


@transaction.atomic
def save_rule(rule: LadderRule, *, actor, request=None) -> LadderRule:
    """The form has validated the fields; the version guards against two editors at once."""
    error = shares_errors(rule.shares)
    if error:
        raise AccountabilityError(error, "invalid", "shares")
    if rule.pk:
        current = LadderRule.objects.select_for_update().get(pk=rule.pk)
        if current.version != rule.version:
            raise AccountabilityError(
                _("Someone changed this rule meanwhile: reload the page and try again."), "stale"
            )
        rule.version += 1
    rule.save()
    audit(
        "accountability.rule.saved",
        actor=actor,
        obj=rule,
        request=request,
        data={"kind": rule.kind, "days": rule.days, "active": rule.is_active},
    )
    return rule
