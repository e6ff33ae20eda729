from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhengzhi.core.validators import DATE_MAX, DATE_MIN, DB_ID_MAX


def validate_filter_date(value) -> None:
    # A date whose start of day (Beijing time, as UTC) or day after falls outside Python's
    # calendar cannot become a query.
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            _("Enter a date between %(min)s and %(max)s."),
            code="date_range",
            params={"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
        )


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
