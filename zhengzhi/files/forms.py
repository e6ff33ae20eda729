from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.org.models import Unit
from zhengzhi.org.scope import visible_units


class _UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return "\u3000" * (obj.depth - 1) + obj.name


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("Photos (JPEG, PNG, WebP) or documents (PDF, .docx, .xlsx)."),
    )
    unit = _UnitChoice(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Whose files these are: only this unit and the units above it can see them."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = visible_units(user).filter(is_active=True).order_by("path")
        self.fields["unit"].empty_label = _("(my own unit)")

    def clean(self):
        data = super().clean()
        if not data.get("unit") and self.user.unit_id is None:
            self.add_error("unit", _("Choose the unit the file belongs to."))
        return data
