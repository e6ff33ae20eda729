"""The citizen's forms: a report, and a rating. They only parse what was typed; the services
check the rest (place inside the jurisdiction, photos) and the view puts their errors back on the
fields, so nothing typed is lost."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.public.models import Rating
from zhengzhi.public.services.intake import (
    MAX_ADDRESS,
    MAX_DESCRIPTION,
    MAX_NAME,
    phone_is_valid,
    public_categories,
)

MAX_PHONE = 30
MAX_COMMENT = 1000


# Our own words for every refusal: Django's stock texts ("确保该变量包含不超过 2000 字符") are
# written for programmers, not for citizens.
TOO_LONG = {
    "description": _(
        "The description can be at most %(limit_value)d characters; it now has %(show_value)d."
    ),
    "address": _(
        "The address can be at most %(limit_value)d characters; it now has %(show_value)d."
    ),
    "name": _("The name can be at most %(limit_value)d characters; it now has %(show_value)d."),
    "phone": _(
        "The phone number can be at most %(limit_value)d characters; it now has %(show_value)d."
    ),
    "comment": _(
        "The comment can be at most %(limit_value)d characters; it now has %(show_value)d."
    ),
}


def _too_long(field: str) -> dict:
    return {"max_length": TOO_LONG[field]}


# The honeypot: people never see it (hidden by CSS and from screen readers); robots fill it in.
HONEYPOT = "homepage"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; the intake service checks how many and what they are."""

    def clean(self, data, initial=None):
        return list(data) if isinstance(data, (list, tuple)) else ([data] if data else [])


def category_choices() -> list:
    """Public sub-categories grouped under their main category, as the select shows them. Two
    main categories of the same name ("其他": an event's and a component's) say which is which."""
    groups: dict[int, tuple[str, list]] = {}
    for c in public_categories():
        groups.setdefault(c.parent_id, (c.parent, []))[1].append((c.code, c.name))
    names = [parent.name for parent, _options in groups.values()]
    out: list = [("", _("— choose —"))]
    for parent, options in groups.values():
        label = parent.name
        if names.count(label) > 1:
            label = f"{label}（{parent.get_kind_display()}）"
        out.append((label, options))
    return out


class ReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What kind of problem?"),
        error_messages={
            "required": _("Please choose what kind of problem it is."),
            "invalid_choice": _("Choose one of the kinds of problem listed."),
        },
    )
    description = forms.CharField(
        label=_("What is wrong?"),
        max_length=MAX_DESCRIPTION,
        error_messages={
            "required": _("Please describe the problem."),
            **_too_long("description"),
        },
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "placeholder": _("e.g. Rubbish has been piled at the gate for three days."),
            }
        ),
    )
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "multiple": True}),
    )
    lon = forms.CharField(required=False, widget=forms.HiddenInput)
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    address = forms.CharField(
        label=_("Address or landmark"),
        required=False,
        max_length=MAX_ADDRESS,
        error_messages=_too_long("address"),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 8 Liu'an Road, by the east gate")}),
    )
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=MAX_NAME,
        error_messages=_too_long("name"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Your phone"),
        required=False,
        max_length=MAX_PHONE,
        error_messages=_too_long("phone"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    wants_updates = forms.BooleanField(
        label=_("Send me a text message when it is accepted and when it is done"),
        required=False,
        initial=True,
    )
    client_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    homepage = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        if not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4().hex)

    def clean_phone(self) -> str:
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone and not phone_is_valid(phone):
            raise forms.ValidationError(
                _("The phone number should be digits only, e.g. 13812345678."), code="invalid"
            )
        return phone

    @property
    def is_robot(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Are you satisfied with the result?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose one of the answers."),
            "invalid_choice": _("Please choose one of the answers."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        error_messages=_too_long("comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
