"""A case's way: filed → investigated → decided → executed → closed, or transferred (移送) to
the police, procuratorate, court or market regulation, whose outcome is recorded after.

Each move locks the case row, checks the version the user saw, writes the change and its audit
event in one transaction; a move from the wrong state is refused with the reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.cases.models import Case, CaseState, CaseTransfer, Outcome, TransferBody
from zhengzhi.cases.models.cases import NEXT_STATE, OPEN_STATES
from zhengzhi.cases.scope import can_change
from zhengzhi.cases.services.errors import CaseError, StaleCase
from zhengzhi.cases.services.filing import parse_money

ACTIONS = {
    CaseState.INVESTIGATED: "cases.case.investigated",
    CaseState.DECIDED: "cases.case.decided",
    CaseState.EXECUTED: "cases.case.executed",
    CaseState.CLOSED: "cases.case.closed",
}


def _locked(actor, case_id: int, version: int | None) -> Case:
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None or not can_change(actor, case):
        raise CaseError(_("You may not change this case."), "not_allowed")
    if version is not None and case.version != version:
        raise StaleCase()
    return case


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def _date(value: dt.date | None, case: Case, today: dt.date, name: str) -> dt.date:
    value = value or today
    if value < case.filed_on:
        raise CaseError(_("%(name)s lies before the filing date.") % {"name": name}, "date")
    if value > today:
        raise CaseError(_("%(name)s lies in the future.") % {"name": name}, "date")
    return value


def _refuse_move(case: Case, target: str) -> None:
    raise CaseError(
        _("A case in the state “%(state)s” cannot become “%(target)s”.")
        % {"state": case.get_state_display(), "target": CaseState(target).label},
        "state",
    )


def _save(case: Case, fields: list[str]) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version"])


@transaction.atomic
def advance(
    actor,
    case_id: int,
    target: str,
    *,
    version: int | None = None,
    on: dt.date | None = None,
    decision_number: str = "",
    fine: Decimal | int | str | None = None,
    confiscation: Decimal | int | str | None = None,
    now: dt.datetime | None = None,
    request=None,
) -> Case:
    """One step forward. Deciding takes the date, the decision number and the amounts;
    closing takes the closing date. A transferred case may be closed when the receiving body
    has finished with it."""
    case = _locked(actor, case_id, version)
    today = _today(now)
    allowed = NEXT_STATE.get(CaseState(case.state))
    if not (target == allowed or (case.state == CaseState.TRANSFERRED and target == "closed")):
        _refuse_move(case, target)
    fields = ["state"]
    data: dict = {"from": case.state}
    if target == CaseState.DECIDED:
        case.decided_on = _date(on, case, today, _("The decision date"))
        case.fine = parse_money(fine or 0, _("The fine"))
        case.confiscation = parse_money(confiscation or 0, _("The confiscated money"))
        case.decision_number = decision_number.strip()[:60]
        fields += ["decided_on", "fine", "confiscation", "decision_number"]
        data.update(fine=str(case.fine), confiscation=str(case.confiscation))
    elif target == CaseState.EXECUTED and case.paid < case.penalty_total:
        raise CaseError(
            _("Record the payment of the fine and confiscated money before executing."), "paid"
        )
    elif target == CaseState.CLOSED:
        case.closed_on = _date(on, case, today, _("The closing date"))
        fields.append("closed_on")
    case.state = target
    _save(case, fields)
    record(ACTIONS[CaseState(target)], actor=actor, obj=case, request=request, data=data)
    return case


@transaction.atomic
def record_payment(
    actor,
    case_id: int,
    amount: Decimal | int | str,
    *,
    on: dt.date | None = None,
    version: int | None = None,
    now: dt.datetime | None = None,
    request=None,
) -> Case:
    """罚没款 paid in (to the treasury): adds to what was paid, never past what was decided."""
    case = _locked(actor, case_id, version)
    if case.state not in (CaseState.DECIDED, CaseState.EXECUTED):
        raise CaseError(_("Payment is recorded after the decision."), "state")
    amount = parse_money(amount, _("The amount"))
    if amount == 0:
        raise CaseError(_("The amount must be more than zero."), "amount")
    if case.paid + amount > case.penalty_total:
        raise CaseError(_("That is more than the fine and confiscated money decided."), "amount")
    case.paid += amount
    case.paid_on = _date(on, case, _today(now), _("The payment date"))
    _save(case, ["paid", "paid_on"])
    record(
        "cases.case.paid",
        actor=actor,
        obj=case,
        request=request,
        data={"amount": str(amount), "paid": str(case.paid)},
    )
    return case


@transaction.atomic
def transfer(
    actor,
    case_id: int,
    body: str,
    *,
    receiving_unit=None,
    receiving_name: str = "",
    on: dt.date | None = None,
    document_number: str = "",
    version: int | None = None,
    now: dt.datetime | None = None,
    request=None,
) -> CaseTransfer:
    """移送: from any open state, or on from one body to the next (police, then the court)."""
    case = _locked(actor, case_id, version)
    if body not in TransferBody.values:
        raise CaseError(_("Choose the body the case goes to."), "body")
    if case.state not in (*OPEN_STATES, CaseState.TRANSFERRED):
        _refuse_move(case, CaseState.TRANSFERRED)
    if case.transfers.filter(body=body).exists():
        raise CaseError(_("The case has been transferred to this body already."), "body")
    on = _date(on, case, _today(now), _("The transfer date"))
    row = CaseTransfer.objects.create(
        case=case,
        body=body,
        receiving_unit=receiving_unit,
        receiving_name=(receiving_name or (receiving_unit.name if receiving_unit else ""))[:100],
        transferred_on=on,
        document_number=document_number.strip()[:60],
        by=actor,
    )
    data = {"from": case.state, "body": body, "unit": getattr(receiving_unit, "pk", None)}
    case.state = CaseState.TRANSFERRED
    setattr(case, f"to_{body}", True)
    _save(case, ["state", f"to_{body}"])
    record("cases.case.transferred", actor=actor, obj=case, request=request, data=data)
    return row


def _count_people(case: Case) -> None:
    """The case's people by outcome, counted again from its transfers (an outcome recorded
    again replaces the one before)."""
    people = {"detained": 0, "arrested": 0, "sentenced": 0}
    for outcome, n in case.transfers.values_list("outcome", "people"):
        if outcome == Outcome.DETAINED:
            people["detained"] += n
        elif outcome == Outcome.ARRESTED:
            people["arrested"] += n
        elif outcome in (Outcome.SENTENCED, Outcome.CUSTODY):
            people["sentenced"] += n
    for field, n in people.items():
        setattr(case, field, n)


@transaction.atomic
def record_outcome(
    actor,
    transfer_id: int,
    outcome: str,
    people: int,
    *,
    on: dt.date | None = None,
    note: str = "",
    now: dt.datetime | None = None,
    request=None,
) -> CaseTransfer:
    """What the receiving body did (刑拘, 批捕, 判刑, 拘役) and to how many people. The handling
    unit or the office records it; the receiving body's account only reads."""
    row = CaseTransfer.objects.select_related("case").filter(pk=transfer_id).first()
    if row is None:
        raise CaseError(_("You may not change this case."), "not_allowed")
    case = _locked(actor, row.case_id, None)
    if outcome not in Outcome.values or not outcome:
        raise CaseError(_("Choose the outcome."), "outcome")
    if not isinstance(people, int) or people < 0 or people > 10_000:
        raise CaseError(_("The number of people must be a whole number from 0."), "people")
    if outcome != Outcome.PENALISED and people == 0:
        raise CaseError(_("Say how many people the outcome concerns."), "people")
    on = on or _today(now)
    if on < row.transferred_on:
        raise CaseError(_("The outcome lies before the transfer."), "date")
    row.outcome, row.people, row.outcome_on = outcome, people, on
    row.outcome_note = note.strip()[:200]
    row.save(update_fields=["outcome", "people", "outcome_on", "outcome_note"])
    _count_people(case)
    _save(case, ["detained", "arrested", "sentenced"])
    record(
        "cases.transfer.outcome",
        actor=actor,
        obj=case,
        request=request,
        data={"transfer": row.pk, "body": row.body, "outcome": outcome, "people": people},
    )
    return row
