"""Forms of the roster import and survey pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.sites.models import SiteKind, Survey
from zhengzhi.sites.services.rosters import kinds_for
from zhengzhi.sites.services.surveys import submitting_community


class KindChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.group} · {obj.name}" if obj.group else obj.name


class RosterUploadForm(forms.Form):
    kind = KindChoice(queryset=SiteKind.objects.none(), label=_("Kind of site"))
    survey = forms.ModelChoiceField(
        queryset=Survey.objects.none(),
        required=False,
        label=_("For the survey"),
        empty_label=_("(not for a survey)"),
        help_text=_("A community's roster for a survey counts as its submission."),
    )
    file = forms.FileField(
        label=_("Roster file (.xlsx, .xls or .csv)"),
        help_text=_("The template, or your own sheet: the first row holds the column headers."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds_for(user)
        if submitting_community(user) is not None:
            today = timezone.localdate()
            self.fields["survey"].queryset = Survey.objects.filter(starts_on__lte=today)
        else:
            del self.fields["survey"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(
                _("Upload an Excel workbook (.xlsx or .xls) or a CSV file.")
            )
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB: split it into several files.")
                % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        data = super().clean()
        survey, kind = data.get("survey"), data.get("kind")
        if survey and kind and not survey.kinds.filter(pk=kind.pk).exists():
            self.add_error("survey", _("The survey does not count sites of this kind."))
        return data


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    kinds = forms.ModelMultipleChoiceField(
        queryset=SiteKind.objects.filter(is_active=True),
        label=_("Kinds of site"),
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    deadline = forms.DateField(label=_("Submit by"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("deadline") and data["deadline"] < data["starts_on"]:
            self.add_error("deadline", _("The deadline is before the start."))
        return data


class NothingToReportForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "How the community checked, e.g. 'walked every street on 3 December; no new shops'."
        ),
    )
