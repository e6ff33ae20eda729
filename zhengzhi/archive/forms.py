from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.archive.models import EvidenceKind
from zhengzhi.campaigns.models import Task
from zhengzhi.org.models import Unit


class EvidenceForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit filing it"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, choices=())
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    file = forms.FileField(label=_("Photo or document"), required=False)
    # A file uploaded with a form that was refused: kept, so it need not be chosen again.
    file_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        if years:
            self.fields["year"].choices = [(y, str(y)) for y in years]
        else:
            del self.fields["year"]

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("file_id"):
            self.add_error("file", _("Choose a photo or a document."))
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class AssignForm(forms.Form):
    lead_unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=_("Lead unit"), required=False
    )
    supporting_units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), label=_("Supporting units"), required=False
    )
    tasks = forms.ModelMultipleChoiceField(
        queryset=Task.objects.none(), label=_("Campaign tasks"), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, units=None, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["lead_unit"].queryset = units
            self.fields["supporting_units"].queryset = units
        if tasks is not None:
            self.fields["tasks"].queryset = tasks


class RequirementForm(forms.Form):
    title = forms.CharField(label=_("What is needed"), max_length=200)
    kind = forms.ChoiceField(label=pgettext_lazy("evidence", "Kind"), choices=EvidenceKind.choices)
    count = forms.IntegerField(label=_("How many"), min_value=1, max_value=500, initial=1)
    per_unit = forms.BooleanField(label=_("From every unit"), required=False)
    per_year = forms.BooleanField(label=_("For every year of the cycle"), required=False)
    fill_from = forms.ChoiceField(label=_("Filled from"), required=False, choices=())

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fill_from"].choices = [("", "—"), *sources]


class CycleForm(forms.Form):
    cycle_years = forms.IntegerField(label=_("Review cycle (years)"), min_value=1, max_value=10)
