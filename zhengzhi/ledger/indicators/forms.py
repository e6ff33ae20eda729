"""The forms of the indicator pages: the ranking's period and level, and the office's weights."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.indicators.periods import PERIOD_CHOICES
from zhengzhi.ledger.indicators.ranking import LEVEL_CHOICES, WEIGHT_FIELDS
from zhengzhi.ledger.indicators.weights import MAX_COUNT, MAX_WEIGHT, weight_errors
from zhengzhi.ledger.models import RankingWeights


class RankingFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    date_from = forms.CharField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.CharField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    level = forms.ChoiceField(label=_("Level"), choices=LEVEL_CHOICES, required=False)


class WeightsForm(forms.ModelForm):
    class Meta:
        model = RankingWeights
        fields = [*WEIGHT_FIELDS, "min_volume", "prior_strength"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in WEIGHT_FIELDS:
            self.fields[name].widget.attrs.update(min="0", max=str(MAX_WEIGHT), step="any")
        for name in ("min_volume", "prior_strength"):
            self.fields[name].widget.attrs.update(min="0", max=str(MAX_COUNT))
        # Added after the others: a form sent without it keeps the current weight.
        self.fields["satisfaction"].required = False

    def clean(self):
        data = super().clean()
        if data.get("satisfaction") is None and "satisfaction" not in self.errors:
            data["satisfaction"] = self.instance.satisfaction
        if not self.errors:
            for name, message in weight_errors(data).items():
                self.add_error(None if name == "__all__" else name, message)
        return data
