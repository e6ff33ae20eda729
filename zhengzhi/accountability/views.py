"""The ladder's pages: the records (the office's proposals to approve, a unit's own issued
records), one record with its document and the unit's response, and the office's rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.accountability.forms import DecisionForm, RecordFilterForm, ResponseForm, RuleForm
from zhengzhi.accountability.models import LadderRule, RecordDocument, RecordStatus
from zhengzhi.accountability.scope import (
    can_respond,
    get_record_for_user,
    is_office,
    visible_records,
)
from zhengzhi.accountability.services import records as services
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.jobs.views import attachment_header

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE = 100


@login_required
def record_list(request):
    form = RecordFilterForm(request.GET or None)
    qs = visible_records(request.user).select_related("unit")
    data = form.cleaned_data if form.is_valid() else {}
    status, kind = data.get("status", ""), data.get("kind", "")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    office = is_office(request.user)
    proposed = []
    if office and not status:
        proposed = list(qs.filter(status=RecordStatus.PROPOSED).order_by("-proposed_at", "-pk"))
        qs = qs.exclude(status=RecordStatus.PROPOSED)
    rows = list(qs.order_by("-approved_at", "-proposed_at", "-pk")[:PAGE])
    return render(
        request,
        "accountability/record_list.html",
        {"form": form, "proposed": proposed, "records": rows, "office": office},
    )


@login_required
def record_detail(request, pk: int):
    rec = get_record_for_user(request.user, pk)
    office = is_office(request.user)
    return render(
        request,
        "accountability/record_detail.html",
        {
            "rec": rec,
            "office": office,
            "decision": DecisionForm(initial={"version": rec.version}) if office else None,
            "answer": ResponseForm(initial={"version": rec.version, "response": rec.response})
            if can_respond(request.user, rec)
            else None,
            "problems": [i.problem for i in rec.items.select_related("problem")],
            "has_document": RecordDocument.objects.filter(record=rec).exists(),
        },
    )


def _decide(request, pk: int, action, done: str):
    if not is_office(request.user):
        raise Http404
    rec = get_record_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect("accountability:record", pk=rec.pk)
    try:
        action(
            rec.pk,
            actor=request.user,
            version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            request=request,
        )
    except AccountabilityError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("accountability:record", pk=rec.pk)


@login_required
@require_POST
def record_issue(request, pk: int):
    return _decide(request, pk, services.issue, _("Approved and issued: the unit has it."))


@login_required
@require_POST
def record_dismiss(request, pk: int):
    return _decide(request, pk, services.dismiss, _("Proposal dismissed."))


@login_required
@require_POST
def record_respond(request, pk: int):
    rec = get_record_for_user(request.user, pk)
    if not can_respond(request.user, rec):
        raise Http404
    form = ResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The response was not saved: write it first."))
        return redirect("accountability:record", pk=rec.pk)
    try:
        services.respond(
            rec.pk,
            actor=request.user,
            version=form.cleaned_data["version"],
            text=form.cleaned_data["response"],
            request=request,
        )
    except AccountabilityError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Response sent to the office."))
    return redirect("accountability:record", pk=rec.pk)


@login_required
def record_document(request, pk: int):
    rec = get_record_for_user(request.user, pk)
    document = RecordDocument.objects.filter(record=rec).first()
    if document is None:
        raise Http404
    response = HttpResponse(bytes(document.content), content_type=DOCX)
    response["Content-Disposition"] = attachment_header(
        f"{rec}.docx", f"{rec.kind}-{rec.year}-{rec.number}.docx"
    )
    return response


@login_required
@require_POST
def propose_now(request):
    from zhengzhi.accountability.services.proposals import propose

    if not is_office(request.user):
        raise Http404
    made = propose()
    messages.success(request, _("%(n)s new proposals.") % {"n": sum(made.values())})
    return redirect("accountability:records")


@login_required
def rules(request):
    if not is_office(request.user):
        raise Http404
    return render(request, "accountability/rules.html", {"rules": list(LadderRule.objects.all())})


@login_required
def rule_edit(request, pk: int | None = None):
    if not is_office(request.user):
        raise Http404
    rule = None
    if pk:
        rule = LadderRule.objects.filter(pk=pk).first()
        if rule is None:
            raise Http404
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.shares = form.cleaned_data["shares_text"]
        if rule is not None:
            obj.version = form.cleaned_data.get("version") or 0
        try:
            services.save_rule(obj, actor=request.user, request=request)
        except AccountabilityError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Rule saved."))
            return redirect("accountability:rules")
    return render(request, "accountability/rule_form.html", {"form": form, "rule": rule})
