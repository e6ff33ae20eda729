"""The forms of the reward register: propose, decide, pay, and the register's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.core.validators import validate_filter_date
from zhengzhi.rewards.models import RewardStatus
from zhengzhi.rewards.services import MAX_AMOUNT, MAX_BASIS, MAX_NOTE, MAX_REF


class ProposeForm(forms.Form):
    report = forms.CharField(label=_("Tracking code of the report"), max_length=16)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), min_value=0.01, max_value=MAX_AMOUNT, decimal_places=2
    )
    basis = forms.CharField(
        label=_("Grounds"),
        max_length=MAX_BASIS,
        help_text=_("Why the report earns a reward, e.g. first report, verified on site."),
    )
    approver = forms.ChoiceField(label=_("Approver"))

    def __init__(self, *args, approvers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver"].choices = [("", "—")] + [(str(u.pk), str(u)) for u in approvers]


class DecideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note (required when refusing)"), max_length=MAX_NOTE, required=False
    )


class PayForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    payment_ref = forms.CharField(label=_("Payment reference (voucher number)"), max_length=MAX_REF)


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *RewardStatus.choices], required=False
    )
    date_from = forms.DateField(
        label=_("Proposed from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_filter_date],
    )
    date_to = forms.DateField(
        label=_("Proposed until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_filter_date],
    )
