from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.campaigns.models import Campaign
from zhengzhi.supervision.models import ReviewDate, Series


class SeriesForm(forms.ModelForm):
    campaign = forms.ModelChoiceField(
        Campaign.objects.order_by("-starts_on", "pk"), required=False, label=_("Campaign")
    )

    class Meta:
        model = Series
        fields = [
            "name",
            "kind",
            "issuer",
            "frequency",
            "campaign",
            "ranking_level",
            "photos",
            "is_active",
        ]

    def clean_photos(self):
        value = self.cleaned_data["photos"]
        if value > 20:
            raise forms.ValidationError(_("At most 20."))
        return value


class NewEditionForm(forms.Form):
    day = forms.DateField(
        label=_("A day of the period"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The edition covers the series' period (week, ten days, month) holding it."),
    )


class EditionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    progress_text = forms.CharField(
        label=_("Progress (进展情况)"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    problems_text = forms.CharField(
        label=_("Main problems (存在的主要问题)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    advice_text = forms.CharField(
        label=_("Opinions and suggestions (意见和建议)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    photos = forms.TypedMultipleChoiceField(
        label=_("Typical problems printed with their photos"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].choices = [
            (c["id"], f"{c['number']} {c['unit']} {c['address']}") for c in candidates
        ]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewDateForm(forms.ModelForm):
    class Meta:
        model = ReviewDate
        fields = ["kind", "on", "campaign", "note"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"})}
