"""Campaign summary reports: the office generates one (its own texts), whoever sees every unit
reads and downloads them (.docx as generated, PDF once the worker has made it)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengzhi.accountability.models import CampaignReport
from zhengzhi.accountability.scope import is_office
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


@login_required
def reports(request):
    if not scope_for(request.user).all_units:
        raise Http404
    office = is_office(request.user)
    form = ReportForm(request.POST or None) if office else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            from zhengzhi.accountability.report import generate

            data = form.cleaned_data
            generate(
                data["campaign"],
                actor=request.user,
                opening=data["opening"],
                closing=data["closing"],
                request=request,
            )
            messages.success(request, _("Report generated; the PDF follows in a moment."))
            return redirect("accountability:reports")
    rows = CampaignReport.objects.select_related("campaign").defer("docx", "pdf", "data")[:100]
    return render(request, "accountability/reports.html", {"form": form, "reports": list(rows)})


@login_required
def report_file(request, pk: int, kind: str):
    if not scope_for(request.user).all_units or kind not in TYPES:
        raise Http404
    report = CampaignReport.objects.filter(pk=pk).first()
    content = getattr(report, kind, None) if report else None
    if not content:
        raise Http404
    response = HttpResponse(bytes(content), content_type=TYPES[kind])
    response["Content-Disposition"] = attachment_header(
        f"{report.title}.{kind}", f"campaign-report-{report.pk}.{kind}"
    )
    return response
