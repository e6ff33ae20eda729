from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.core.validators import DB_ID_MAX, validate_filter_date


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False)
    action = forms.CharField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Actor"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_filter_date],
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_filter_date],
    )
    before = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=DB_ID_MAX
    )
