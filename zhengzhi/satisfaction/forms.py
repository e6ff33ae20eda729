"""The forms of the follow-up pages: a call, and the satisfaction page's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.indicators.periods import PERIOD_CHOICES
from zhengzhi.public.models import Rating
from zhengzhi.satisfaction.services import MAX_COMMENT, MAX_NOTE
from zhengzhi.satisfaction.table import GROUP_CHOICES

REACHED_CHOICES = [("1", _("Reached the citizen")), ("0", _("Not reached"))]


class CallForm(forms.Form):
    report = forms.ChoiceField(label=_("Reporter called"), required=False)
    reached = forms.ChoiceField(
        label=_("Result of the call"), choices=REACHED_CHOICES, widget=forms.RadioSelect
    )
    rating = forms.ChoiceField(
        label=_("The citizen's rating"),
        choices=[("", _("(none)")), *Rating.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What the citizen said"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(
        label=_("Note (e.g. no answer, wrong number)"), required=False, max_length=MAX_NOTE
    )
    calls_seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [("", _("(no public reporter)"))] + [
            (str(r["pk"]), r["label"]) for r in reports
        ]

    def clean(self):
        data = super().clean()
        reached = data.get("reached") == "1"
        if reached and not data.get("rating"):
            self.add_error(
                "rating", _("Record the citizen's rating: satisfied, basically satisfied or not.")
            )
        if not reached and data.get("rating"):
            self.add_error("rating", _("A call that reached nobody has no rating."))
        return data


class SatisfactionFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    date_from = forms.CharField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.CharField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    group = forms.ChoiceField(label=_("Per"), choices=GROUP_CHOICES, required=False)
