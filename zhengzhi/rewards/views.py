"""The reward register: list, propose, decide, pay, export. Office staff only; for anybody
else (a unit, a grid worker) these pages do not exist (404)."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.audit.services import record
from zhengzhi.ledger.indicators.periods import day_start
from zhengzhi.public.services.identity import can_see_reporters
from zhengzhi.rewards import services
from zhengzhi.rewards.export import register_xlsx
from zhengzhi.rewards.forms import DecideForm, PayForm, ProposeForm, RegisterFilterForm
from zhengzhi.rewards.models import RewardStatus, TipReward
from zhengzhi.rewards.services import RewardError

PAGE_LIMIT = 500
RELATED = ("report", "problem", "problem__category", "proposed_by", "approver", "paid_by")


def office_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.can_read(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _filtered(request):
    """The register's rows under its filters; none while a filter cannot be read (the form
    names it), rather than the whole register passed off as filtered."""
    form = RegisterFilterForm(request.GET or None)
    qs = TipReward.objects.select_related(*RELATED).order_by("-proposed_at", "-pk")
    if form.is_bound and not form.is_valid():
        return form, qs.none()
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["date_from"]:
            qs = qs.filter(proposed_at__gte=day_start(data["date_from"]))
        if data["date_to"]:
            qs = qs.filter(proposed_at__lt=day_start(data["date_to"] + dt.timedelta(days=1)))
    return form, qs


@office_only
def register(request):
    form, qs = _filtered(request)
    rows = list(qs[:PAGE_LIMIT])
    totals = {
        t["status"]: t
        for t in qs.order_by().values("status").annotate(n=Count("pk"), amount=Sum("amount"))
    }
    summary = [
        {
            "label": label,
            "n": totals.get(value, {}).get("n", 0),
            "amount": totals.get(value, {}).get("amount") or 0,
        }
        for value, label in RewardStatus.choices
    ]
    return render(
        request,
        "rewards/register.html",
        {
            "form": form,
            "rows": rows,
            "capped": len(rows) == PAGE_LIMIT,
            "summary": summary,
            "query": request.GET.urlencode(),
            "masked": can_see_reporters(request.user),
            "can_propose": services.can_propose(request.user),
            "user_id": request.user.pk,
            "can_pay": services.can_pay(request.user),
        },
    )


@office_only
def export(request):
    form, qs = _filtered(request)
    if form.errors:
        reasons = [f"{form[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()]
        text = "; ".join(reasons)
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    rewards = list(qs)
    masked = can_see_reporters(request.user)
    body = register_xlsx(rewards, masked=masked)
    record(
        "reward.export",
        actor=request.user,
        object_type="rewards.tipreward",
        request=request,
        data={"rows": len(rewards), "filters": request.GET.dict(), "masked": masked},
    )
    name = f"tip-rewards-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@office_only
def propose(request):
    if not services.can_propose(request.user):
        raise Http404
    approvers = [u for u in services.approvers() if u.pk != request.user.pk]
    initial = {"report": request.GET.get("report", "")[:16]}
    form = ProposeForm(request.POST or None, approvers=approvers, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                reward = services.propose(
                    report_code=data["report"],
                    actor=request.user,
                    amount=data["amount"],
                    basis=data["basis"],
                    approver_id=data["approver"],
                    request=request,
                )
            except RewardError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request, _("The reward is proposed to %(who)s.") % {"who": reward.approver}
                )
                return redirect("rewards:detail", pk=reward.pk)
    return render(
        request,
        "rewards/propose.html",
        {"form": form, "eligible": list(services.eligible_reports())},
        status=status,
    )


def _detail_page(request, reward, decide_form=None, pay_form=None, status=200):
    user = request.user
    return render(
        request,
        "rewards/detail.html",
        {
            "reward": reward,
            "masked": can_see_reporters(user),
            "can_decide": reward.status == RewardStatus.PROPOSED and reward.approver_id == user.pk,
            "can_pay": reward.status == RewardStatus.APPROVED and services.can_pay(user),
            "decide_form": decide_form or DecideForm(initial={"version": reward.version}),
            "pay_form": pay_form or PayForm(initial={"version": reward.version}),
        },
        status=status,
    )


@office_only
def detail(request, pk):
    reward = get_object_or_404(TipReward.objects.select_related(*RELATED), pk=pk)
    return _detail_page(request, reward)


@office_only
@require_POST
def decide(request, pk):
    reward = get_object_or_404(TipReward.objects.select_related(*RELATED), pk=pk)
    form = DecideForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if form.is_valid():
        try:
            services.decide(
                reward.pk,
                actor=request.user,
                approve=approve,
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
                request=request,
            )
        except RewardError as exc:
            form.add_error("note" if exc.field == "note" else None, exc.message)
        else:
            messages.success(
                request, _("The reward is approved.") if approve else _("The reward is refused.")
            )
            return redirect("rewards:detail", pk=reward.pk)
    return _detail_page(request, reward, decide_form=form, status=400)


@office_only
@require_POST
def pay(request, pk):
    reward = get_object_or_404(TipReward.objects.select_related(*RELATED), pk=pk)
    form = PayForm(request.POST)
    if form.is_valid():
        try:
            services.pay(
                reward.pk,
                actor=request.user,
                payment_ref=form.cleaned_data["payment_ref"],
                version=form.cleaned_data["version"],
                request=request,
            )
        except RewardError as exc:
            form.add_error("payment_ref" if exc.field == "payment_ref" else None, exc.message)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("rewards:detail", pk=reward.pk)
    return _detail_page(request, reward, pay_form=form, status=400)
