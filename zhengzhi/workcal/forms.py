from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.workcal.services import NOTE_MAX, day_errors

KIND_CHOICES = [("holiday", _("Day off (holiday)")), ("workday", _("Working day"))]


class DayForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Give a date as YYYY-MM-DD.")},
    )
    kind = forms.ChoiceField(label=_("Set as"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX,
        help_text=_("Why, e.g. 2027年春节调休上班 or a local holiday."),
    )

    def clean(self):
        cleaned = super().clean()
        if "date" in cleaned:
            for name, messages in day_errors(cleaned["date"], cleaned.get("note", "")).items():
                for message in messages:
                    self.add_error(name, message)
        return cleaned

    @property
    def is_workday(self) -> bool:
        return self.cleaned_data["kind"] == "workday"
