from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
from zhengzhi.org.rules import UnitData, validate_unit


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picker that shows the tree by indenting each unit under its parent."""

    def label_from_instance(self, obj: Unit) -> str:
        indent = "\u3000" * (obj.depth - 1)
        suffix = "" if obj.is_active else f" ({_('deactivated')})"
        return f"{indent}{obj.name} · {obj.code}{suffix}"


class UnitForm(forms.Form):
    parent = UnitChoiceField(
        label=_("Parent unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(none: a top-level unit)"),
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short stable identifier used in imports: letters, digits, - and _."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    level = forms.ChoiceField(
        label=_("Territory level"),
        choices=[("", "—"), *TerritoryLevel.choices],
        required=False,
        help_text=_("Territories only."),
    )
    division_code = forms.CharField(
        label=_("Division code"),
        max_length=12,
        required=False,
        help_text=_(
            "Territories only: 6 digits for a district, 9 for a street/town, "
            "12 for a community/village, starting with the parent's code."
        ),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    def __init__(self, *args, instance: Unit | None = None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        parents = Unit.objects.filter(is_active=True)
        if instance is not None:
            current = Unit.objects.get_parent(instance)
            parents = Unit.objects.filter(is_active=True) | Unit.objects.filter(
                pk=current.pk if current else None
            )
            parents = parents.exclude(path__startswith=instance.path)
        self.fields["parent"].queryset = parents.order_by("path")

    def unit_data(self) -> UnitData:
        cd = self.cleaned_data
        return UnitData(
            parent=cd.get("parent"),
            name=cd.get("name", ""),
            code=cd.get("code", ""),
            kind=cd.get("kind", ""),
            level=cd.get("level", ""),
            division_code=cd.get("division_code", ""),
            phone=cd.get("phone", ""),
            address=cd.get("address", ""),
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        errors = validate_unit(self.unit_data(), instance=self.instance)
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return cleaned


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *UnitKind.choices], required=False
    )
    level = forms.ChoiceField(
        label=_("Territory level"),
        choices=[("", _("All")), *TerritoryLevel.choices],
        required=False,
    )
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))],
        required=False,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Fill in the template; the first row holds the column headers."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.")
                % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload
