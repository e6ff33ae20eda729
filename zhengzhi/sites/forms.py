"""The registry's page forms. A site's form is built from its kind's field declarations: one
form field per declared attribute (prefixed `attr_`), read back by zhengzhi.sites.kinds so the
form, the API and the roster import apply the same checks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.sites import attribute_filters
from zhengzhi.sites.kinds import FieldDecl, clean_attributes, parse_fields
from zhengzhi.sites.models import SiteKind, SiteStatus
from zhengzhi.sites.selectors import LICENCE_FILTERS, SORTS
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.services.sites import clean_credit_code

ATTR = "attr_"
DATE = forms.DateInput(attrs={"type": "date"})


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Site kind"), required=False)
    group = forms.ChoiceField(label=_("Kind group"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *SiteStatus.choices]
    )
    licence = forms.ChoiceField(label=_("Licence"), required=False)
    unit = forms.ChoiceField(label=_("Street / community"), required=False)
    grid = forms.CharField(label=_("Grid"), required=False, max_length=12)
    watch = forms.BooleanField(label=_("Watch list only"), required=False)
    sort = forms.ChoiceField(label=_("Order"), required=False)

    def __init__(self, *args, kinds=(), units=(), decls=(), **kwargs):
        super().__init__(*args, **kwargs)
        # One kind chosen: its own fields, before the order and the watch-list box.
        tail = {name: self.fields.pop(name) for name in ("watch", "sort")}
        self.fields.update(attribute_filters.form_fields(list(decls)))
        self.fields.update(tail)
        self.fields["kind"].choices = [("", _("All")), *[(c, n) for c, n, _g in kinds]]
        groups = sorted({g for _c, _n, g in kinds if g})
        self.fields["group"].choices = [("", _("All")), *[(g, g) for g in groups]]
        self.fields["licence"].choices = [
            ("", _("All")),
            *zip(
                LICENCE_FILTERS,
                [_("Expired"), _("Expiring within 30 days"), _("Valid"), _("No licence")],
                strict=True,
            ),
        ]
        self.fields["unit"].choices = [
            ("", _("All")),
            *[(pk, "\u3000" * max(depth - 2, 0) + name) for pk, name, depth in units],
        ]
        sort_labels = [
            _("Code"),
            _("Code, descending"),
            _("Name"),
            _("Name, descending"),
            _("Licence expiry, soonest first"),
            _("Licence expiry, latest first"),
        ]
        self.fields["sort"].choices = list(zip(SORTS, sort_labels, strict=True))


class KindChoiceForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Site kind"),
        queryset=SiteKind.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=_("— choose —"),
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].queryset = kinds


def attribute_field(decl: FieldDecl) -> forms.Field:
    """A form field that keeps what was typed; kinds.clean_attributes reads it."""
    label, required = decl.title(), decl.required
    if decl.type == "choice":
        return forms.ChoiceField(
            label=label, required=required, choices=[("", "—"), *[(c, c) for c in decl.choices]]
        )
    if decl.type == "choices":
        return forms.MultipleChoiceField(
            label=label,
            required=required,
            choices=[(c, c) for c in decl.choices],
            widget=forms.CheckboxSelectMultiple,
        )
    if decl.type == "boolean":
        # Three states: unknown stays unknown rather than becoming "no".
        return forms.ChoiceField(
            label=label, required=required, choices=[("", "—"), ("是", _("Yes")), ("否", _("No"))]
        )
    widget: forms.Widget = forms.TextInput()
    if decl.type == "date":
        widget = DATE
    elif decl.type in ("integer", "decimal"):
        attrs = {"inputmode": "numeric" if decl.type == "integer" else "decimal"}
        widget = forms.TextInput(attrs=attrs)
    return forms.CharField(label=label, required=required, max_length=500, widget=widget)


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    operator = forms.CharField(label=_("Operator"), max_length=60, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("18 characters; individual businesses may have none."),
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kind: SiteKind, with_licence: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.decls = parse_fields(kind.fields)
        for decl in self.decls:
            self.fields[ATTR + decl.key] = attribute_field(decl)
        if with_licence:
            required = kind.licence_required
            self.fields["licence_number"] = forms.CharField(
                label=kind.licence_name or _("Licence number"), max_length=60, required=required
            )
            self.fields["licence_issuer"] = forms.CharField(
                label=_("Issued by"), max_length=100, required=False
            )
            self.fields["licence_issued_on"] = forms.DateField(
                label=_("Issued on"), required=False, widget=DATE
            )
            self.fields["licence_expires_on"] = forms.DateField(
                label=_("Expires on"), required=False, widget=DATE
            )

    def clean(self):
        data = super().clean()
        # Every reason at once (the services stop at the first): the same checks they apply.
        if data.get("credit_code"):
            try:
                data["credit_code"] = clean_credit_code(data["credit_code"])
            except SiteError as exc:
                self.add_error("credit_code", str(exc.message))
        _values, errors = clean_attributes(self.decls, self.attributes())
        for key, reason in errors.items():
            if ATTR + key in self.fields and ATTR + key not in self.errors:
                self.add_error(ATTR + key, reason)
        if (data.get("lon") is None) != (data.get("lat") is None) and not (
            "lon" in self.errors or "lat" in self.errors
        ):
            raise forms.ValidationError(_("Give both longitude and latitude, or neither."))
        return data

    def plain_fields(self):
        return [self[n] for n in ("name", "operator", "phone", "credit_code", "address")]

    def attribute_fields(self):
        return [self[ATTR + d.key] for d in self.decls]

    def licence_fields(self):
        names = ("licence_number", "licence_issuer", "licence_issued_on", "licence_expires_on")
        return [self[n] for n in names if n in self.fields]

    def attributes(self) -> dict:
        """The declared attributes as typed, for kinds.clean_attributes (after is_valid)."""
        return {d.key: self.cleaned_data.get(ATTR + d.key) for d in self.decls}

    def add_service_errors(self, errors: dict) -> None:
        for key, reason in errors.items():
            name = ATTR + key if ATTR + key in self.fields else None
            self.add_error(name, reason if name else f"{key}: {reason}")


def initial_for(site) -> dict:
    initial = {
        "name": site.name,
        "operator": site.operator,
        "phone": site.phone,
        "credit_code": site.credit_code,
        "address": site.address,
        "lon": round(site.lon, 6) if site.lon is not None else None,
        "lat": round(site.lat, 6) if site.lat is not None else None,
        "version": site.version,
    }
    for decl in parse_fields(site.kind.fields):
        value = site.attributes.get(decl.key)
        if decl.type == "boolean" and value is not None:
            value = "是" if value else "否"
        initial[ATTR + decl.key] = value
    return initial


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SiteStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class WatchForm(forms.Form):
    watch = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class LicenceForm(forms.Form):
    number = forms.CharField(label=_("Licence number"), max_length=60)
    name = forms.CharField(label=_("Licence"), max_length=60, required=False)
    issuer = forms.CharField(label=_("Issued by"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DATE)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RenewForm(forms.Form):
    licence = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.CharField(
        label=_("New number"),
        max_length=60,
        required=False,
        help_text=_("Leave empty to keep the number."),
    )
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DATE)
    expires_on = forms.DateField(label=_("New expiry"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)
