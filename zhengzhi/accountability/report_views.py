"""Campaign summary reports: the office generates a draft (its own texts), edits it (texts,
title, the photos printed) and approves it; once issued, whoever sees every unit reads and
downloads it. Drafts are the office's alone. The PDF link appears once the worker has made the
PDF ("being prepared" until then; a failed PDF offers a retry)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengzhi.accountability.models import CampaignReport, ReportStatus
from zhengzhi.accountability.scope import is_office
from zhengzhi.accountability.services import reports as services
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.jobs.views import attachment_header
from zhengzhi.org.scope import scope_for

TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class ReportForm(forms.Form):
    campaign = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Campaign"))
    opening = forms.CharField(
        label=gettext_lazy("The office's summary"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    closing = forms.CharField(
        label=gettext_lazy("Next steps"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        from zhengzhi.campaigns.models import Campaign

        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.order_by("-starts_on", "pk")


class ReportEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120, required=False)
    opening = ReportForm.base_fields["opening"]
    closing = ReportForm.base_fields["closing"]
    photos = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Typical problems printed with their photos"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].choices = [
            (c["id"], f"{c['number']} {c['unit']} {c['address']}")
            for c in candidates
            if c.get("before") and c.get("after")
        ]


def _readable(user):
    """The reports the user reads: all for the office, the issued ones for whoever else sees
    every unit (leaders), none for a unit."""
    if not scope_for(user).all_units:
        raise Http404
    qs = CampaignReport.objects.select_related("campaign")
    return qs if is_office(user) else qs.filter(status=ReportStatus.ISSUED)


@login_required
def reports(request):
    qs = _readable(request.user)
    office = is_office(request.user)
    form = ReportForm(request.POST or None) if office else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            report = services.generate(
                data["campaign"],
                actor=request.user,
                opening=data["opening"],
                closing=data["closing"],
                request=request,
            )
            messages.success(request, _("Draft generated: check it, then approve it to issue it."))
            return redirect("accountability:report", pk=report.pk)
    rows = qs.only(
        "pk", "title", "period_start", "period_end", "created_at", "status", "pdf_error",
        "approved_at", "campaign__name",
    )[:100]  # fmt: skip
    # Whether each PDF exists, without reading the PDFs.
    made = set(
        qs.filter(pk__in=[r.pk for r in rows], pdf__isnull=False).values_list("pk", flat=True)
    )
    for r in rows:
        r.has_pdf = r.pk in made
    return render(
        request, "accountability/reports.html", {"form": form, "reports": rows, "office": office}
    )


@login_required
def report_detail(request, pk: int):
    report = _readable(request.user).defer("pdf").filter(pk=pk).first()
    if report is None:
        raise Http404
    office = is_office(request.user)
    candidates = ((report.data or {}).get("typical") or {}).get("candidates", [])
    form = None
    if office and report.status == ReportStatus.DRAFT:
        initial = {
            "version": report.version, "title": report.title, "opening": report.opening,
            "closing": report.closing, "photos": report.photo_choices,
        }  # fmt: skip
        form = ReportEditForm(request.POST or None, initial=initial, candidates=candidates)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.edit(
                    report.pk, actor=request.user, version=data["version"], title=data["title"],
                    opening=data["opening"], closing=data["closing"],
                    photo_choices=data["photos"], request=request,
                )  # fmt: skip
            except AccountabilityError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Draft saved; the document is written again."))
                return redirect("accountability:report", pk=report.pk)
    elif request.method == "POST":
        raise Http404
    has_pdf = CampaignReport.objects.filter(pk=report.pk, pdf__isnull=False).exists()
    by_id = {c["id"]: c for c in candidates}
    return render(
        request,
        "accountability/report_detail.html",
        {
            "report": report, "form": form, "office": office, "has_pdf": has_pdf,
            "chosen": [by_id[i] for i in report.photo_choices if i in by_id],
            "gaps": (report.data or {}).get("_gaps"),
        },
    )  # fmt: skip


@login_required
def report_action(request, pk: int, action: str):
    """approve (the office, a draft) or retry_pdf (the office, a failed PDF); POST only."""
    if request.method != "POST" or not is_office(request.user):
        raise Http404
    report = CampaignReport.objects.filter(pk=pk).only("pk", "version").first()
    if report is None or action not in ("approve", "retry_pdf"):
        raise Http404
    try:
        if action == "approve":
            version = int(request.POST.get("version") or 0)
            services.approve(pk, actor=request.user, version=version, request=request)
            messages.success(request, _("Report approved and issued."))
        else:
            services.retry_pdf(pk, actor=request.user, request=request)
            messages.success(request, _("The PDF is being prepared again."))
    except AccountabilityError as exc:
        messages.error(request, exc.message)
    return redirect("accountability:report", pk=pk)


@login_required
def report_file(request, pk: int, kind: str):
    if kind not in TYPES:
        raise Http404
    report = (
        _readable(request.user).select_related(None).filter(pk=pk).only("pk", "title", kind).first()
    )
    content = getattr(report, kind, None) if report else None
    if not content:
        raise Http404
    response = HttpResponse(bytes(content), content_type=TYPES[kind])
    response["Content-Disposition"] = attachment_header(
        f"{report.title}.{kind}", f"campaign-report-{report.pk}.{kind}"
    )
    return response
