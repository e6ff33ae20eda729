"""A case's page, the filing form (from a site's page or on its own) and the state actions:
each parses its form, checks the reader may see the case, and calls a service."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.cases.forms import (
    AdvanceForm,
    CaseForm,
    OutcomeForm,
    PaymentForm,
    RecheckForm,
    TransferForm,
)
from zhengzhi.cases.models import Case, CaseState, CaseTransfer, Operation, Recheck
from zhengzhi.cases.models.cases import NEXT_STATE, OPEN_STATES
from zhengzhi.cases.scope import can_change, can_file, get_case_for_user, is_office
from zhengzhi.cases.services import states
from zhengzhi.cases.services.errors import CaseError
from zhengzhi.cases.services.filing import CaseInput, Goods, file_case
from zhengzhi.cases.services.rechecks import recheck_state, record_recheck
from zhengzhi.cases.services.records import decide_consequence
from zhengzhi.cases.views.common import refused
from zhengzhi.org.scope import scope_for
from zhengzhi.sites.scope import get_site_for_user

DETAIL_RELATED = ("case_type", "site", "site__kind", "handling_unit", "operation", "created_by")


@login_required
def case_page(request, pk: int):
    user = request.user
    case = get_case_for_user(user, pk, Case.objects.select_related(*DETAIL_RELATED))
    today = timezone.localdate()
    change = can_change(user, case)
    next_state = NEXT_STATE.get(CaseState(case.state))
    if case.state == CaseState.TRANSFERRED:
        next_state = CaseState.CLOSED
    context = {
        "case": case,
        "goods": case.goods.all(),
        "officers": case.officers.all(),
        "transfers": case.transfers.select_related("receiving_unit"),
        "rechecks": [(r, recheck_state(r, today)) for r in case.rechecks.select_related("done_by")],
        "consequences": case.consequences.select_related("decided_by"),
        "can_change": change,
        "is_office": is_office(user),
        "next_state": CaseState(next_state) if next_state else None,
        "can_transfer": change and case.state in (*OPEN_STATES, CaseState.TRANSFERRED),
        "can_pay": change
        and case.state in (CaseState.DECIDED, CaseState.EXECUTED)
        and case.paid < case.penalty_total,
    }
    if change:
        context |= {
            "advance_form": AdvanceForm(
                initial={"version": case.version, "target": next_state, "on": today}
            ),
            "payment_form": PaymentForm(
                initial={"version": case.version, "amount": case.penalty_total - case.paid}
            ),
            "transfer_form": TransferForm(initial={"version": case.version, "on": today}),
            "outcome_form": OutcomeForm(initial={"on": today}),
            "recheck_form": RecheckForm(),
        }
    return render(request, "cases/case.html", context)


@login_required
def new_case(request):
    user = request.user
    if not can_file(user):
        raise Http404
    site = None
    site_id = request.GET.get("site") or request.POST.get("site")
    if site_id:
        try:
            site = get_site_for_user(user, int(site_id))
        except (TypeError, ValueError):
            raise Http404 from None
    # The operations under way or lately ended, of the units the user sees.
    recent = timezone.localdate() - dt.timedelta(days=60)
    operations = scope_for(user).filter(Operation.objects.filter(ends_on__gte=recent), "unit")
    form = CaseForm(
        request.POST or None,
        initial={"found_on": timezone.localdate()},
        operations=operations,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = CaseInput(
            case_type=d["case_type"],
            value=d["value"],
            found_on=d["found_on"],
            filed_on=d.get("filed_on"),
            site=site,
            party=d["party"],
            vehicle=d["vehicle"],
            place=d["place"],
            summary=d["summary"],
            counterfeit=d["counterfeit"],
            goods=[Goods(desc, qty, unit) for desc, qty, unit in form.goods()],
            officers=[user],
            operation=d.get("operation"),
        )
        try:
            case = file_case(user, data, request=request)
        except CaseError as exc:
            refused(request, exc, form)
        else:
            messages.success(request, _("Case %(number)s filed.") % {"number": case.number})
            return redirect("cases:detail", case.pk)
    return render(request, "cases/new.html", {"form": form, "site": site})


def _changeable(request, pk: int) -> Case:
    case = get_case_for_user(request.user, pk)
    if not can_change(request.user, case):
        raise Http404
    return case


@login_required
@require_POST
def advance(request, pk: int):
    case = _changeable(request, pk)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form could not be read: look at the dates and amounts."))
        return redirect("cases:detail", case.pk)
    d = form.cleaned_data
    try:
        states.advance(
            request.user,
            case.pk,
            d["target"],
            version=d["version"],
            on=d.get("on"),
            decision_number=d.get("decision_number") or "",
            fine=d.get("fine"),
            confiscation=d.get("confiscation"),
            request=request,
        )
    except CaseError as exc:
        refused(request, exc)
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def pay(request, pk: int):
    case = _changeable(request, pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            states.record_payment(
                request.user,
                case.pk,
                form.cleaned_data["amount"],
                on=form.cleaned_data.get("on"),
                version=form.cleaned_data["version"],
                request=request,
            )
        except CaseError as exc:
            refused(request, exc)
    else:
        messages.error(request, _("Give the amount paid."))
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def transfer(request, pk: int):
    case = _changeable(request, pk)
    form = TransferForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            states.transfer(
                request.user,
                case.pk,
                d["body"],
                receiving_unit=d.get("receiving_unit"),
                receiving_name=d.get("receiving_name") or "",
                document_number=d.get("document_number") or "",
                on=d.get("on"),
                version=d["version"],
                request=request,
            )
        except CaseError as exc:
            refused(request, exc)
    else:
        messages.error(request, _("Choose the body the case goes to."))
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def outcome(request, pk: int):
    row = CaseTransfer.objects.filter(pk=pk).first()
    if row is None:
        raise Http404
    case = _changeable(request, row.case_id)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            states.record_outcome(
                request.user, row.pk, d["outcome"], d["people"], on=d.get("on"), request=request
            )
        except CaseError as exc:
            refused(request, exc)
    else:
        messages.error(request, _("Choose the outcome and the number of people."))
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def recheck(request, pk: int):
    row = Recheck.objects.filter(pk=pk).first()
    if row is None:
        raise Http404
    case = _changeable(request, row.case_id)
    form = RecheckForm(request.POST)
    if form.is_valid():
        try:
            record_recheck(
                request.user,
                row.pk,
                form.cleaned_data["result"],
                form.cleaned_data["note"],
                request=request,
            )
        except CaseError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Recheck %(seq)d recorded.") % {"seq": row.seq})
    else:
        messages.error(request, _("Choose what the recheck found."))
    if request.POST.get("next") == "list":
        return redirect("cases:rechecks")
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def consequence(request, pk: int):
    from zhengzhi.cases.models import LicenceConsequence

    row = LicenceConsequence.objects.filter(pk=pk).first()
    if row is None or not is_office(request.user):
        raise Http404
    try:
        decide_consequence(
            request.user, row.pk, request.POST.get("decision") == "confirm", request=request
        )
    except CaseError as exc:
        refused(request, exc)
    return redirect("cases:detail", row.case_id)
