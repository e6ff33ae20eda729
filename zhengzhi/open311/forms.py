from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.public.models import Datatype


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Client"),
        max_length=100,
        help_text=_("Who will use the key, e.g. “FixMyStreet of the city” or “12345 hotline app”."),
    )
    contact = forms.CharField(
        label=_("Contact"),
        max_length=200,
        required=False,
        help_text=_("Whom to call about this client (person, phone)."),
    )


class AttributeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=50,
        help_text=_("Letters, digits, - and _; clients send the answer as attribute[code]."),
    )
    description = forms.CharField(label=_("Question"), max_length=300)
    datatype = forms.ChoiceField(label=_("Answer"), choices=Datatype.choices)
    values_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For list answers: one choice a line, as key=name (e.g. sidewalk=人行道)."),
    )
    required = forms.BooleanField(label=_("Answer required"), required=False)
    variable = forms.BooleanField(
        label=_("Asks for an answer"),
        required=False,
        initial=True,
        help_text=_("Untick for a note shown to the reporter (no answer is taken)."),
    )
    datatype_description = forms.CharField(label=_("Hint"), max_length=200, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=1, max_value=999, initial=1)

    def attribute_data(self) -> dict:
        data = dict(self.cleaned_data)
        values = []
        for line in (data.pop("values_text") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            key, sep, name = line.partition("=")
            values.append({"key": key.strip(), "name": (name if sep else key).strip()})
        data["values"] = values
        return data

    @staticmethod
    def initial_for(attribute) -> dict:
        return {
            "code": attribute.code,
            "description": attribute.description,
            "datatype": attribute.datatype,
            "values_text": "\n".join(f"{v['key']}={v['name']}" for v in attribute.values or []),
            "required": attribute.required,
            "variable": attribute.variable,
            "datatype_description": attribute.datatype_description,
            "order": attribute.order,
        }
