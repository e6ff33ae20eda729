"""Page forms: they parse; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.cases.models import (
    CaseState,
    CaseType,
    GoodsUnit,
    Operation,
    Outcome,
    Recheck,
    TransferBody,
)

GOODS_LINES = 3


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Number, party or vehicle"), required=False, max_length=60)
    case_type = forms.ModelChoiceField(
        label=_("Type"), queryset=CaseType.objects.all(), required=False
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", "—"), *CaseState.choices], required=False
    )
    start = forms.DateField(
        label=_("Filed from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("Filed until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    major = forms.BooleanField(label=_("Major cases only"), required=False)
    operation = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )


class CaseForm(forms.Form):
    case_type = forms.ModelChoiceField(
        label=_("Type"), queryset=CaseType.objects.filter(is_active=True)
    )
    found_on = forms.DateField(
        label=_("Found on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    filed_on = forms.DateField(
        label=_("Filed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    party = forms.CharField(label=_("Party (当事人)"), required=False, max_length=100)
    vehicle = forms.CharField(label=_("Vehicle plate"), required=False, max_length=20)
    place = forms.CharField(label=_("Place found"), required=False, max_length=200)
    value = forms.DecimalField(
        label=_("Case value (10,000 yuan)"), min_value=0, max_digits=14, decimal_places=4
    )
    counterfeit = forms.BooleanField(label=_("Counterfeit goods"), required=False)
    summary = forms.CharField(
        label=_("Facts"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    operation = forms.ModelChoiceField(
        label=_("Operation"), queryset=Operation.objects.none(), required=False
    )

    def __init__(self, *args, operations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if operations is not None:
            self.fields["operation"].queryset = operations
        for i in range(GOODS_LINES):
            self.fields[f"goods_{i}"] = forms.CharField(
                label=_("Goods"), required=False, max_length=120
            )
            self.fields[f"qty_{i}"] = forms.DecimalField(
                label=_("Quantity"), required=False, min_value=0, max_digits=14, decimal_places=3
            )
            self.fields[f"unit_{i}"] = forms.ChoiceField(
                label=_("Unit"), choices=GoodsUnit.choices, initial=GoodsUnit.CARTON
            )

    main_fields = (
        "case_type", "found_on", "filed_on", "party", "vehicle", "place", "value",
        "counterfeit", "operation", "summary",
    )  # fmt: skip

    def goods_rows(self):
        return [
            (self[f"goods_{i}"], self[f"qty_{i}"], self[f"unit_{i}"]) for i in range(GOODS_LINES)
        ]

    def clean(self):
        data = super().clean()
        for i in range(GOODS_LINES):
            if data.get(f"goods_{i}") and not data.get(f"qty_{i}"):
                self.add_error(f"qty_{i}", _("Give the quantity."))
            if data.get(f"qty_{i}") and not data.get(f"goods_{i}"):
                self.add_error(f"goods_{i}", _("Say what the goods are."))
        return data

    def goods(self) -> list[tuple]:
        d = self.cleaned_data
        return [
            (d[f"goods_{i}"], d[f"qty_{i}"], d[f"unit_{i}"])
            for i in range(GOODS_LINES)
            if d.get(f"goods_{i}") and d.get(f"qty_{i}")
        ]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AdvanceForm(VersionForm):
    target = forms.ChoiceField(choices=CaseState.choices, widget=forms.HiddenInput)
    on = forms.DateField(
        label=pgettext_lazy("case step", "Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    fine = forms.DecimalField(label=_("Fine (yuan)"), required=False, min_value=0)
    confiscation = forms.DecimalField(
        label=_("Confiscated money (yuan)"), required=False, min_value=0
    )


class PaymentForm(VersionForm):
    amount = forms.DecimalField(label=_("Amount paid (yuan)"), min_value=0)
    on = forms.DateField(
        label=_("Paid on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class TransferForm(VersionForm):
    body = forms.ChoiceField(label=_("Receiving body"), choices=TransferBody.choices)
    receiving_unit = forms.ModelChoiceField(
        label=_("Receiving unit's account"), queryset=None, required=False
    )
    receiving_name = forms.CharField(label=_("Receiving body's name"), required=False)
    document_number = forms.CharField(label=_("Transfer document number"), required=False)
    on = forms.DateField(
        label=_("Transferred on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        from zhengzhi.org.models import Unit, UnitKind

        super().__init__(*args, **kwargs)
        self.fields["receiving_unit"].queryset = Unit.objects.filter(
            kind=UnitKind.DEPARTMENT, is_active=True
        ).order_by("path")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in Outcome.choices if c[0]])
    people = forms.IntegerField(label=_("People"), min_value=0, max_value=10_000)
    on = forms.DateField(
        label=_("Outcome on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class RecheckForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"), choices=[c for c in Recheck.Result.choices if c[0]]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class OperationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    people = forms.IntegerField(label=_("People deployed (人次)"), min_value=0, initial=0)
    vehicles = forms.IntegerField(label=_("Vehicles deployed (辆次)"), min_value=0, initial=0)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DestructionForm(forms.Form):
    destroyed_on = forms.DateField(
        label=_("Destroyed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    place = forms.CharField(label=pgettext_lazy("destruction", "Place"), max_length=200)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=14, decimal_places=3)
    quantity_unit = forms.ChoiceField(
        label=_("Unit"), choices=GoodsUnit.choices, initial=GoodsUnit.CASE
    )
    value = forms.DecimalField(label=_("Value (10,000 yuan)"), min_value=0, decimal_places=4)
    witnesses = forms.CharField(label=_("Supervised by"), required=False, max_length=200)


class TablesForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    unit = forms.ModelChoiceField(label=_("Handling unit"), queryset=None, required=False)

    def __init__(self, user, *args, **kwargs):
        from zhengzhi.org.scope import visible_units

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user).filter(kind="department")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts."))
            if end - start > dt.timedelta(days=366 * 20):
                raise forms.ValidationError(_("Choose a period of at most twenty years."))
        return data


class FiguresForm(forms.Form):
    """The yearly table's entered figures for the reader's unit."""

    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    sales_boxes = forms.DecimalField(
        label=_("Cigarette sales (boxes)"), required=False, min_value=0, decimal_places=2
    )
    per_capita = forms.DecimalField(
        label=_("Sales per person"), required=False, min_value=0, decimal_places=2
    )
    box_price = forms.DecimalField(
        label=_("Average price per box"), required=False, min_value=0, decimal_places=2
    )


class ThresholdForm(forms.Form):
    major_threshold = forms.DecimalField(
        label=_("Major case from (10,000 yuan)"), min_value=0, decimal_places=2, max_digits=10
    )
