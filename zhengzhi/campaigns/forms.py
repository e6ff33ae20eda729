from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.campaigns.models import DocumentKind
from zhengzhi.campaigns.services.campaigns import check_period
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.ledger.forms import MultipleFileInput, PhotosField
from zhengzhi.org.models import Unit, UnitKind


class SetupForm(forms.Form):
    """Step 2 of the wizard: name, period, territory and office."""

    name = forms.CharField(label=_("Name"), max_length=120)
    starts_on = forms.DateField(
        label=_("Starts"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    scope_unit = forms.ModelChoiceField(
        label=_("Territorial scope"), queryset=Unit.objects.none(), empty_label=None
    )
    office_unit = forms.ModelChoiceField(
        label=_("Office"), queryset=Unit.objects.none(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope_unit"].queryset = (
            Unit.objects.filter(kind=UnitKind.TERRITORY, is_active=True)
            .exclude(level="community")
            .order_by("path")
        )
        self.fields["office_unit"].queryset = Unit.objects.filter(
            kind__in=[UnitKind.OFFICE, UnitKind.LEADING_GROUP, UnitKind.DEPARTMENT],
            is_active=True,
        ).order_by("-kind", "path")

    def clean(self):
        data = super().clean()
        check_period_on(self, data)
        return data


def check_period_on(form: forms.Form, data: dict) -> None:
    """The service's rule for a campaign's period, shown on the form's end date."""
    start, end = data.get("starts_on"), data.get("ends_on")
    if start and end:
        try:
            check_period(start, end)
        except CampaignError as exc:
            form.add_error("ends_on", exc.message)


def default_period(days: int) -> tuple[dt.date, dt.date]:
    start = timezone.localdate()
    return start, start + dt.timedelta(days=max(days, 1) - 1)


class ReportForm(forms.Form):
    slot = forms.ChoiceField(label=_("Report for"))
    figure = forms.DecimalField(
        label=_("Today's figure"),
        min_value=0,
        max_value=9999999999,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    text = forms.CharField(
        label=pgettext_lazy("campaign", "Progress"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotosField(  # up to 6, like the ledger's; no `capture`: the gallery too
        label=_("Photos"), widget=MultipleFileInput(attrs={"accept": "image/*", "multiple": True})
    )

    def __init__(self, *args, slots=(), countable=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots
        if countable:  # whole structures, households...: the phone offers whole numbers
            self.fields["figure"].widget.attrs.update(inputmode="numeric", step="1")


class CorrectForm(forms.Form):
    figure = forms.DecimalField(
        label=_("Corrected figure"), min_value=0, max_value=9999999999, decimal_places=2
    )
    text = forms.CharField(
        label=pgettext_lazy("campaign", "Progress"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200)
    photos = PhotosField(  # new photos for the corrected figure; the earlier ones stay in history
        label=_("Photos"), widget=MultipleFileInput(attrs={"accept": "image/*", "multiple": True})
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"))


class SignForm(forms.Form):
    """The signature of one pledge: its fields carry the pledge's id, so that an error shows
    beside the form of the pledge it belongs to."""

    signatory = forms.CharField(label=_("Signed by"), max_length=60, required=False)
    signed_on = forms.DateField(
        label=_("Signed on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    file = forms.FileField(label=_("Signed letter (PDF or photo)"), required=False)

    def __init__(self, *args, pledge_id: int, **kwargs):
        kwargs.setdefault("auto_id", f"id_p{pledge_id}_%s")
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["file"].widget.attrs["accept"] = ".pdf,image/*"

    def clean(self):
        from zhengzhi.campaigns.services.pledges import check_signature

        data = super().clean()
        if "signed_on" in self.errors:  # not a date: said already
            return data
        problems = check_signature(
            data.get("signatory") or "", data.get("signed_on"), data.get("file")
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return data


class TemplateForm(forms.Form):
    data = forms.CharField(
        label=_("Template (JSON)"), widget=forms.Textarea(attrs={"rows": 24, "class": "mono"})
    )
