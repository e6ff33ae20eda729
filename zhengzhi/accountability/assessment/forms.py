from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.accountability.assessment.scheme import INDICATORS
from zhengzhi.accountability.models import AssessmentLevel, RecordKind


class PeriodForm(forms.Form):
    period = forms.RegexField(
        label=_("Period"),
        regex=r"^\d{4}(-\d{2}|-Q[1-4])?$",
        help_text=_("2026-11 a month, 2026-Q4 a quarter, 2026 the year."),
        max_length=7,
    )


class SchemeForm(forms.Form):
    """The 考核细则: a weight per indicator (0 leaves it out), points deducted per record by
    kind, and their cap."""

    name = forms.CharField(label=_("Name"), max_length=80)
    level = forms.ChoiceField(label=_("Units assessed"), choices=AssessmentLevel.choices)
    deduction_cap = forms.DecimalField(
        label=_("At most deducted"), min_value=0, max_value=1000, decimal_places=2
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        weights = {i["indicator"]: i["weight"] for i in scheme.items}
        for key, ind in INDICATORS.items():
            self.fields[f"w_{key}"] = forms.DecimalField(
                label=ind.label,
                min_value=0,
                max_value=1000,
                decimal_places=2,
                initial=weights.get(key, 0),
                help_text=_("Points; 0 leaves it out."),
            )
        for kind, label in RecordKind.choices:
            self.fields[f"d_{kind}"] = forms.DecimalField(
                label=_("Deducted per %(kind)s") % {"kind": label},
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=(scheme.deductions or {}).get(kind, 0),
            )
        self.fields["name"].initial = scheme.name
        self.fields["level"].initial = scheme.level
        self.fields["deduction_cap"].initial = scheme.deduction_cap
        self.fields["version"].initial = scheme.version

    def items(self) -> list[dict]:
        return [
            {"indicator": key, "weight": float(self.cleaned_data[f"w_{key}"])}
            for key in INDICATORS
            if self.cleaned_data[f"w_{key}"] > Decimal(0)
        ]

    def deductions(self) -> dict:
        return {
            kind: float(self.cleaned_data[f"d_{kind}"])
            for kind in RecordKind.values
            if self.cleaned_data[f"d_{kind}"] > Decimal(0)
        }
