"""Forms of the standards pages (validation at the edge; the services decide)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.org.models import Unit
from zhengzhi.standards.models import Base, Category, Frequency, Item, StandardVersion, VersionKind
from zhengzhi.standards.rules import GRADES, RuleKind


class ValueForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Reporting unit"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(
        label=_("Month (for monthly, quarterly and half-yearly figures)"),
        min_value=1,
        max_value=12,
        required=False,
    )
    value = forms.CharField(label=_("Value"), max_length=40)
    document = forms.FileField(
        label=_("Proving document (PDF, .docx, .xlsx or photo)"), required=False
    )
    # A document uploaded with a form that was refused: kept, so it need not be chosen again.
    document_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def period(self) -> dt.date:
        return dt.date(self.cleaned_data["year"], self.cleaned_data.get("month") or 1, 1)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class CampaignStandardForm(forms.Form):
    standard = forms.ModelChoiceField(
        queryset=StandardVersion.objects.filter(kind=VersionKind.STANDARD), label=_("Standard")
    )
    scored_table = forms.ModelChoiceField(
        queryset=StandardVersion.objects.filter(kind=VersionKind.SCORED),
        label=_("Scored table"),
        required=False,
    )
    review_date = forms.DateField(
        label=_("Review date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    built_up_area = forms.DecimalField(
        label=_("Built-up area (km²)"), max_digits=10, decimal_places=3, required=False
    )
    population = forms.IntegerField(label=_("Resident population"), min_value=1, required=False)


class CopyForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=120)


class PassLineForm(forms.Form):
    pass_line = forms.DecimalField(
        label=_("Pass line"), max_digits=8, decimal_places=2, required=False, min_value=0
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class IndicatorForm(forms.Form):
    rule = forms.ChoiceField(label=_("Rule"), choices=RuleKind.choices)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=4, required=False)
    target_grade = forms.ChoiceField(
        label=_("Grade required"), choices=[("", "—"), *[(g, g) for g in GRADES]], required=False
    )
    years = forms.IntegerField(label=_("Years in the mean"), min_value=1, max_value=20, initial=5)
    confirmed = forms.BooleanField(label=_("Confirmed (enforced)"), required=False)
    base = forms.ChoiceField(
        label=_("Base of the absolute gap"), choices=[("", "—"), *Base.choices], required=False
    )
    absolute_label = forms.CharField(label=_("What is missing"), max_length=40, required=False)
    absolute_unit = forms.CharField(label=_("Its unit"), max_length=20, required=False)
    # Where the indicator counts among the categories and items (the 2021 table is numbered apart
    # from the clauses: an office places its indicators for the weakest categories and items).
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        label=pgettext_lazy("standard", "Category"),
        required=False,
    )
    item = forms.ModelChoiceField(
        queryset=Item.objects.none(), label=pgettext_lazy("standard", "Item"), required=False
    )

    def __init__(self, *args, standard_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        categories = Category.objects.filter(standard_id=standard_id).order_by("position")
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["item"].queryset = (  # type: ignore[attr-defined]
            Item.objects.filter(category__standard_id=standard_id)
            .select_related("category")
            .order_by("category__position", "position")
        )


class MeasureForm(forms.Form):
    lead_department = forms.ModelChoiceField(
        queryset=Unit.objects.filter(is_active=True).order_by("path"),
        label=_("Lead department"),
        required=False,
    )
    frequency = forms.ChoiceField(label=_("Reported"), choices=Frequency.choices)
