"""The forms of the office's settings pages (list rules, consequence rules, supervision groups):
each keeps what the user typed when it is sent back with its errors."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from zhengzhi.accountability.models import (
    ConsequenceRule,
    ListBasis,
    ListRule,
    ListSubject,
    SupervisionGroup,
)


def _plan_kinds():
    from zhengzhi.inspections.models import PlanKind

    return PlanKind.choices


class ListRuleForm(forms.ModelForm):
    plan_kinds = forms.MultipleChoiceField(
        label=_("Inspection kinds"),
        required=False,
        choices=_plan_kinds,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only visits of these plan kinds (none ticked: every visit)."),
    )

    class Meta:
        model = ListRule
        fields = [
            "name", "label", "board", "subject", "basis", "level", "plan_kinds", "frequency",
            "places", "threshold", "is_active",
        ]  # fmt: skip

    def clean_places(self):
        value = self.cleaned_data["places"]
        if not 1 <= value <= 100:
            raise forms.ValidationError(_("Between 1 and 100."))
        return value

    def clean_threshold(self):
        value = self.cleaned_data.get("threshold")
        if value is not None and not Decimal(0) <= value <= Decimal(1000):
            raise forms.ValidationError(_("Between 0 and 1000."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("subject") == ListSubject.SITE and data.get("basis") == ListBasis.ASSESSMENT:
            self.add_error(
                "basis", _("Sites are not assessed: decide a list of sites by inspection scores.")
            )
        return data


class ConsequenceRuleForm(forms.ModelForm):
    actions_text = forms.CharField(
        label=_("Actions to take"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line: who | what | yuan (optional), e.g. 村干部 | 每人罚款300元 | 300."),
    )

    class Meta:
        model = ConsequenceRule
        fields = ["name", "streak", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions_text"].initial = "\n".join(
            " | ".join(
                [a.get("who", ""), a.get("what", "")]
                + ([str(a["amount"])] if a.get("amount") else [])
            )
            for a in self.instance.actions or []
        )

    def clean_streak(self):
        value = self.cleaned_data["streak"]
        if not 1 <= value <= 52:
            raise forms.ValidationError(_("Between 1 and 52."))
        return value

    def clean_actions_text(self):
        out = []
        for n, line in enumerate(self.cleaned_data["actions_text"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("｜", "|").split("|")]
            if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
                raise forms.ValidationError(
                    _("Line %(n)s: write who, a bar and what (and optionally a bar and yuan).")
                    % {"n": n}
                )
            action = {"who": parts[0], "what": parts[1]}
            if len(parts) == 3 and parts[2]:
                if not parts[2].isdigit():
                    raise forms.ValidationError(
                        _("Line %(n)s: the amount is a whole number of yuan.") % {"n": n}
                    )
                action["amount"] = int(parts[2])
            out.append(action)
        if not out:
            raise forms.ValidationError(_("Give at least one action."))
        return out


class GroupForm(forms.ModelForm):
    class Meta:
        model = SupervisionGroup
        fields = ["name", "leader", "members", "areas", "powers", "is_active"]
        widgets = {
            "members": forms.SelectMultiple(attrs={"size": 8, "style": "min-width:16em"}),
            "areas": forms.SelectMultiple(attrs={"size": 8, "style": "min-width:16em"}),
        }

    def __init__(self, *args, **kwargs):
        from zhengzhi.org.models import Unit

        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("username")
        )
        self.fields["areas"].queryset = Unit.objects.filter(is_active=True).order_by("path")
        self.fields["areas"].help_text = _("The units the group answers for.")
        self.fields["members"].help_text = _(
            "People of the group, who run its visits through the inspections app."
        )
