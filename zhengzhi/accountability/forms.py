from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.accountability.models import KIND_TRIGGERS, LadderRule, RecordKind, RecordStatus


def shares_text(shares) -> str:
    return "\n".join(f"{who}:{weight}" for who, weight in shares or [])


class RuleForm(forms.ModelForm):
    shares_text = forms.CharField(
        label=_("Split between"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: who, a colon, their share (e.g. 区城管局长:3)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LadderRule
        fields = [
            "name",
            "kind",
            "trigger",
            "days",
            "count",
            "months",
            "level",
            "period",
            "per_problem",
            "each_finding",
            "leader_amount",
            "head_amount",
            "repeat_factor",
            "letters",
            "issuer",
            "is_active",
        ]

    # Fields only some kinds use: left out, they keep the rule's value (or the default).
    OPTIONAL = ("trigger", "count", "months", "level", "period")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.OPTIONAL:
            self.fields[name].required = False
        self.fields["shares_text"].initial = shares_text(self.instance.shares)
        self.fields["version"].initial = self.instance.version

    def clean_shares_text(self):
        out = []
        for n, line in enumerate(self.cleaned_data["shares_text"].splitlines(), 1):
            if not line.strip():
                continue
            who, sep, weight = line.replace("：", ":").rpartition(":")
            if not sep or not who.strip() or not weight.strip().isdigit() or int(weight) <= 0:
                raise forms.ValidationError(
                    _("Line %(n)s: write a name, a colon and a whole number above zero.") % {"n": n}
                )
            out.append([who.strip(), int(weight)])
        if not out:
            raise forms.ValidationError(_("Give at least one share."))
        return out

    def clean(self):
        data = super().clean()
        for name in self.OPTIONAL:
            if data.get(name) in (None, "") and name not in self.errors:
                data[name] = getattr(self.instance, name)
                setattr(self.instance, name, data[name])
        kind, trigger = data.get("kind"), data.get("trigger")
        if kind and trigger and trigger not in KIND_TRIGGERS.get(kind, ()):
            self.add_error(
                "trigger",
                _("A supervision sheet or letter follows an overdue problem; a yellow card or a "
                  "talk follows the ranking, the overdue problems or the letters of a unit."),
            )  # fmt: skip
        if kind in (RecordKind.YELLOW_CARD, RecordKind.TALK):
            count, months = data.get("count"), data.get("months")
            if count is not None and not 1 <= count <= 999:
                self.add_error("count", _("Between 1 and 999."))
            if months is not None and not 1 <= months <= 12:
                self.add_error("months", _("Between 1 and 12."))
        return data

    def clean_repeat_factor(self):
        value = self.cleaned_data["repeat_factor"]
        if not 1 <= value <= 10:
            raise forms.ValidationError(_("Between 1 and 10."))
        return value

    def clean_letters(self):
        value = self.cleaned_data["letters"]
        if not 1 <= value <= 5:
            raise forms.ValidationError(_("Between 1 and 5."))
        return value


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("The office's note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ResponseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    response = forms.CharField(
        label=_("The unit's response"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the unit has done about it (整改情况)."),
    )


class RecordFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *RecordStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *RecordKind.choices]
    )
