"""Page forms: they parse; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.inspections.models import Checklist, PlanKind, Window
from zhengzhi.org.models import Unit, UnitKind

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    checklists = forms.ModelMultipleChoiceField(
        label=_("Checklists"), queryset=Checklist.objects.filter(is_active=True)
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units inspected"),
        queryset=Unit.objects.filter(kind=UnitKind.TERRITORY, is_active=True),
        required=False,
    )
    starts_on = forms.DateField(label=_("From"), **DATE)
    ends_on = forms.DateField(label=_("To"), **DATE)
    windows = forms.MultipleChoiceField(
        label=_("Time windows"),
        choices=Window.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sample_size = forms.IntegerField(
        label=_("Sample size per site kind (empty: every place)"),
        required=False,
        min_value=1,
        max_value=100000,
    )
    seed = forms.IntegerField(
        label=_("Random seed (empty: chosen and stored)"),
        required=False,
        min_value=0,
        max_value=2**31 - 1,
    )
    team = forms.ModelMultipleChoiceField(label=_("Team"), queryset=None, required=False)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = users


class ResultForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, **DATE)
    end = forms.DateField(label=_("To"), required=False, **DATE)
    by = forms.ChoiceField(
        label=pgettext_lazy("results", "By"),
        required=False,
        choices=[
            ("unit", _("Unit inspected")),
            ("street", _("Street / town")),
            ("grid", _("Grid")),
            ("checklist", _("Checklist")),
            ("site", pgettext_lazy("inspection", "Place")),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *PlanKind.choices]
    )

    def period(self, today: dt.date) -> tuple[dt.date, dt.date]:
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or (end - dt.timedelta(days=365))
        return start, end
