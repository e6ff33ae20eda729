"""Who reported a problem, and who may know it.

A reporter's name, phone and e-mail are stored encrypted (zhengzhi.public.crypto). Only the
campaign office's own staff who deal with citizens (administrators, dispatchers, shift leaders,
follow-up staff, in the office) may see them, each time for a stated reason that goes to the audit
log. Everybody else (the unit that must fix the problem, a department, a leader) learns only that
the public reported it, and how many times: never a name, a phone, a masked phone or an e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.ledger.models import Problem
from zhengzhi.org.models import UnitKind
from zhengzhi.public import crypto
from zhengzhi.public.models import PublicReport

# The office roles that deal with citizens. Deliberately not: the inspector (verifies the work on
# the spot), the office's own leader (approves requests), the read-only leader, and any unit.
REPORTER_ROLES = frozenset({Role.OFFICE_ADMIN, Role.DISPATCHER, Role.SHIFT_LEADER, Role.FOLLOWUP})
REASON_MAX = 200


@dataclass(frozen=True)
class Identity:
    name: str
    phone: str
    email: str

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.email)


def can_see_reporters(user) -> bool:
    """The office staff who may reveal a reporter (each time with a reason). Checked on the
    user's own roles, not `has_role`, so that a superuser account is not let in by being one."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = user.role_set
    if Role.LEADER in roles or not roles & REPORTER_ROLES:
        return False
    unit = user.unit
    return Role.OFFICE_ADMIN in roles or (unit is not None and unit.kind == UnitKind.OFFICE)


def reports_of(problem: Problem) -> QuerySet[PublicReport]:
    """The public reports of a problem and of the duplicates merged into it (a merge re-points
    every duplicate to the root master, so one level is all there is)."""
    return PublicReport.objects.filter(Q(problem=problem) | Q(problem__master=problem)).order_by(
        "submitted_at", "pk"
    )


def reporter_identity(
    report: PublicReport, *, user, reason: str, request=None, fields=("name", "phone", "email")
) -> Identity:
    """Decrypts a reporter's identity for an office user, and records who looked, when and why
    (in the same transaction: no audit row, no identity). Raises PermissionDenied for anyone
    else and ValidationError without a reason."""
    if not can_see_reporters(user):
        raise PermissionDenied
    reason = " ".join((reason or "").split())
    if len(reason) < 2:
        raise ValidationError(_("Say why you need the reporter's identity."), code="no_reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(
            _("Keep the reason under %(n)d characters.") % {"n": REASON_MAX}, code="too_long"
        )
    fields = tuple(f for f in ("name", "phone", "email") if f in fields)
    with transaction.atomic():
        record(
            "public.reporter.view",
            actor=user,
            obj=report,
            unit_id=user.unit_id,
            request=request,
            data={"reason": reason, "problem_id": report.problem_id, "fields": list(fields)},
        )
    return Identity(
        name=crypto.decrypt(report.name_enc) if "name" in fields else "",
        phone=crypto.decrypt(report.phone_enc) if "phone" in fields else "",
        email=crypto.decrypt(report.email_enc) if "email" in fields else "",
    )


def _masked(report: PublicReport) -> dict[str, str]:
    return {
        "name": report.name_masked,
        "phone": report.phone_masked,
        "email": "✓" if report.email_enc else "",
    }


def masked_identity(report: PublicReport, *, user) -> dict[str, str]:
    """What the office sees before revealing: 张*, 138****1234, and whether an e-mail exists.
    Nobody else gets even this."""
    return masked_identities([report], user=user)[0]


def masked_identities(reports, *, user) -> list[dict[str, str]]:
    if not can_see_reporters(user):
        raise PermissionDenied
    return [_masked(r) for r in reports]


def contact_for_notice(report: PublicReport) -> Identity:
    """The phone and e-mail a reporter asked to be told on: read by the worker that sends the
    updates, never shown to anyone (so it is not an audited view)."""
    if not report.wants_updates:
        return Identity("", "", "")
    return Identity(
        name="",
        phone=crypto.decrypt(report.phone_enc) if report.phone_enc else "",
        email=crypto.decrypt(report.email_enc) if report.email_enc else "",
    )
