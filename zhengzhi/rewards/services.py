"""Every change of a tip reward: propose, decide (approve or refuse), record the payment.

Rules: the office proposes (administrator, dispatcher, shift leader, in the office) on a public
report whose problem (or the master it was merged into) is verified and closed; the proposer
names an approver (the office's leader or administrator), who may not be the proposer; only
that approver decides; only the office administrator records a payment. One live reward per
report and per problem (the database says so too). Each change locks the reward, checks its
version (two people at once) and writes its audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.accounts.models import User
from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.ledger.models import Problem, Status
from zhengzhi.org.models import UnitKind
from zhengzhi.org.scope import scope_for
from zhengzhi.public.models import PublicReport
from zhengzhi.rewards.models import LIVE, RewardStatus, TipReward

PROPOSER_ROLES = (Role.OFFICE_ADMIN, Role.DISPATCHER, Role.SHIFT_LEADER)
APPROVER_ROLES = (Role.UNIT_LEADER, Role.OFFICE_ADMIN)
PAYER_ROLES = (Role.OFFICE_ADMIN,)
# Who reads the register: the office's staff and the read-only leaders (no unit ever).
READER_ROLES = (*PROPOSER_ROLES, Role.UNIT_LEADER, Role.LEADER)
MAX_AMOUNT = Decimal("100000")
MAX_BASIS = 200
MAX_NOTE = 200
MAX_REF = 60


class RewardError(Exception):
    def __init__(self, message, code: str = "invalid", field: str | None = None):
        super().__init__(str(message))
        self.message, self.code, self.field = message, code, field


def _office_staff(user, roles) -> bool:
    """Office staff holding one of the roles: sees every unit and may write (not a leader)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    scope = scope_for(user)
    return scope.all_units and scope.can_write and user.has_role(*roles)


def can_read(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return scope_for(user).all_units and user.has_role(*READER_ROLES)


def can_propose(user) -> bool:
    return _office_staff(user, PROPOSER_ROLES)


def can_pay(user) -> bool:
    return _office_staff(user, PAYER_ROLES)


def approvers() -> QuerySet[User]:
    """The people a proposer may name: the office's leaders and administrators (never a
    read-only leader, never a unit's leader)."""
    office = (UnitKind.OFFICE, UnitKind.LEADING_GROUP)
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(roles__role=Role.OFFICE_ADMIN)
            | Q(roles__role=Role.UNIT_LEADER, unit__kind__in=office)
        )
        .exclude(roles__role=Role.LEADER)
        .distinct()
        .order_by("full_name", "username")
    )


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise RewardError(_("Give the amount in yuan, e.g. 200."), "invalid", "amount") from None
    if not amount.is_finite() or amount <= 0 or amount > MAX_AMOUNT:
        raise RewardError(
            _("The amount must be above 0 and at most %(max)s yuan.") % {"max": MAX_AMOUNT},
            "invalid",
            "amount",
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise RewardError(_("At most two decimals (fen)."), "invalid", "amount")
    return amount


def _text(value, limit: int, field: str, *, required=False) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise RewardError(_("This is required."), "invalid", field)
    if len(text) > limit:
        raise RewardError(_("At most %(n)d characters.") % {"n": limit}, "invalid", field)
    return text


def eligible_reports(limit: int = 50) -> QuerySet[PublicReport]:
    """Public reports whose problem is verified and closed and has no live reward yet. Reports
    merged as duplicates count with the problem they were merged into: every reporter of it
    is listed, the first one first (one reward per problem)."""
    rewarded = TipReward.objects.filter(LIVE).values("problem_id")
    return (
        PublicReport.objects.filter(
            Q(problem__status=Status.CLOSED)
            | Q(problem__status=Status.MERGED, problem__master__status=Status.CLOSED)
        )
        .exclude(problem_id__in=rewarded)
        .exclude(problem__master_id__in=rewarded)
        .select_related("problem", "problem__category", "problem__master")
        .order_by(
            Coalesce("problem__master__closed_at", "problem__closed_at").desc(),
            Coalesce("problem__master_id", "problem_id"),
            "submitted_at",
        )[:limit]
    )


@transaction.atomic
def propose(
    *, report_code: str, actor, amount, basis: str, approver_id, request=None, now=None
) -> TipReward:
    if not can_propose(actor):
        raise RewardError(_("Only the office proposes tip rewards."), "not_allowed")
    code = str(report_code or "").strip().upper()
    report = PublicReport.objects.select_related("problem").filter(tracking_code=code).first()
    if report is None:
        raise RewardError(_("There is no report with this tracking code."), "not_found", "report")
    master_id = report.problem.master_id or report.problem_id
    # The problem's row is the lock: two proposals for one problem wait for each other.
    problem = Problem.objects.select_for_update().get(pk=master_id)
    if problem.status != Status.CLOSED:
        raise RewardError(
            _("A reward is for a verified report: its problem must be verified and closed first."),
            "not_closed",
            "report",
        )
    existing = TipReward.objects.filter(LIVE, problem=problem).select_related("report").first()
    if existing is not None:
        raise RewardError(
            _("This problem already has a reward (report %(code)s).")
            % {"code": existing.report.tracking_code},
            "duplicate",
            "report",
        )
    approver = approvers().filter(pk=approver_id).first() if str(approver_id).isdigit() else None
    if approver is None:
        raise RewardError(_("Name an approver from the list."), "invalid", "approver")
    if approver.pk == actor.pk:
        raise RewardError(
            _("Someone else must approve a reward you propose."), "invalid", "approver"
        )
    try:
        with transaction.atomic():
            reward = TipReward.objects.create(
                report=report,
                problem=problem,
                amount=_amount(amount),
                basis=_text(basis, MAX_BASIS, "basis", required=True),
                proposed_by=actor,
                proposed_at=now or timezone.now(),
                approver=approver,
            )
    except IntegrityError:
        raise RewardError(_("This report already has a reward."), "duplicate", "report") from None
    _audit("reward.propose", reward, actor, request, amount=str(reward.amount))
    return reward


def _audit(action: str, reward: TipReward, actor, request, **data) -> None:
    record(
        action,
        actor=actor,
        obj=reward,
        unit_id=actor.unit_id,
        request=request,
        data={
            "report": reward.report.tracking_code,
            "problem": reward.problem.number,
            "status": reward.status,
            **data,
        },
    )


def _lock(reward_id: int, version: int | None) -> TipReward:
    reward = (
        TipReward.objects.select_for_update(of=("self",))
        .select_related("report", "problem")
        .filter(pk=reward_id)
        .first()
    )
    if reward is None:
        raise RewardError(_("There is no such reward."), "not_found")
    if version is not None and reward.version != version:
        raise RewardError(
            _("This reward has changed since you opened it: look at it again."), "stale"
        )
    return reward


@transaction.atomic
def decide(
    reward_id: int,
    *,
    actor,
    approve: bool,
    note: str = "",
    version: int | None = None,
    request=None,
    now: dt.datetime | None = None,
) -> TipReward:
    reward = _lock(reward_id, version)
    if reward.approver_id != actor.pk or not _office_staff(actor, APPROVER_ROLES):
        raise RewardError(_("Only the named approver decides on this reward."), "not_allowed")
    if reward.status != RewardStatus.PROPOSED:
        raise RewardError(_("This reward was already decided."), "not_allowed")
    reward.status = RewardStatus.APPROVED if approve else RewardStatus.REJECTED
    reward.decided_at = now or timezone.now()
    reward.decision_note = _text(note, MAX_NOTE, "note", required=not approve)
    reward.version += 1
    reward.save(update_fields=["status", "decided_at", "decision_note", "version"])
    _audit("reward.approve" if approve else "reward.reject", reward, actor, request)
    return reward


@transaction.atomic
def pay(
    reward_id: int,
    *,
    actor,
    payment_ref: str,
    version: int | None = None,
    request=None,
    now: dt.datetime | None = None,
) -> TipReward:
    if not can_pay(actor):
        raise RewardError(_("Only the office administrator records payments."), "not_allowed")
    reward = _lock(reward_id, version)
    if reward.status != RewardStatus.APPROVED:
        raise RewardError(_("Only an approved reward can be paid."), "not_allowed")
    reward.status = RewardStatus.PAID
    reward.paid_at = now or timezone.now()
    reward.paid_by = actor
    reward.payment_ref = _text(payment_ref, MAX_REF, "payment_ref", required=True)
    reward.version += 1
    reward.save(update_fields=["status", "paid_at", "paid_by", "payment_ref", "version"])
    _audit("reward.pay", reward, actor, request, payment_ref=reward.payment_ref)
    return reward


def public_reward(report: PublicReport) -> TipReward | None:
    """What the reporter sees on the tracking page: the live reward of this report, else the
    latest refused one."""
    rewards = list(TipReward.objects.filter(report=report).order_by("-proposed_at", "-pk")[:5])
    return next((r for r in rewards if r.status != RewardStatus.REJECTED), None) or (
        rewards[0] if rewards else None
    )
