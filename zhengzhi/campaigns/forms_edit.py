"""The office's forms for changing a campaign after the wizard: its details and problem
categories, its phases and its leading group (each list edited as a whole, as the services
replace it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.campaigns.forms import check_period_on
from zhengzhi.campaigns.models import Campaign, CampaignKind, GroupRole
from zhengzhi.campaigns.services.campaigns import MemberData, PhaseData
from zhengzhi.core.widgets import FastSelect
from zhengzhi.org.models import Unit, UnitKind

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
ROW_LIMIT = 40  # phases, members, units or milestones in one list


def date_field(label, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET)


class VersionedForm(forms.Form):
    """Carries the version of the object as it was shown: a save over a newer one is stale."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def refresh_version(self, version: int) -> None:
        """After a stale save: what is typed stays, the next save is measured against `version`."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(version)


def plain(value: Decimal | None) -> str | None:
    """45.00 shown as 45, 12.50 as 12.5 (a form shows a Decimal as stored)."""
    return None if value is None else f"{value.normalize():f}"


def grouped_units(units, labels: dict[str, str]) -> list:
    """Choices with one optgroup per kind of unit, in the order of `labels`."""
    groups: dict[str, list] = {kind: [] for kind in labels}
    for unit in units:
        groups.setdefault(unit.kind, []).append((unit.pk, unit.name))
    return [(str(labels.get(k, k)), rows) for k, rows in groups.items() if rows]


UNIT_KIND_LABELS = {
    UnitKind.OFFICE: _("Offices"),
    UnitKind.LEADING_GROUP: _("Leading groups"),
    UnitKind.DEPARTMENT: _("Departments"),
    UnitKind.TERRITORY: _("Territories"),
}


# -- the campaign's details -------------------------------------------------------------------


class CampaignForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    goal = forms.CharField(
        label=_("Goal"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    leading_group = forms.CharField(
        label=_("Leading group"),
        required=False,
        max_length=120,
        help_text=_("Its name, e.g. 区河道违建整治工作领导小组."),
    )
    starts_on = date_field(_("Starts"))
    ends_on = date_field(_("Ends"))
    categories = forms.MultipleChoiceField(label=_("Problem categories"), required=False)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        from zhengzhi.ledger.models import Category

        chosen = set(campaign.categories.values_list("pk", flat=True))
        subs = (
            Category.objects.filter(parent__isnull=False)
            .select_related("parent")
            .order_by("parent__sort", "parent__code", "sort", "code")
        )
        self.subcategories = [c for c in subs if c.is_active or c.pk in chosen]
        self.fields["categories"].choices = [(c.code, c.name) for c in self.subcategories]

    def clean(self):
        data = super().clean()
        check_period_on(self, data)
        return data

    def category_groups(self) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        """[(main category, [(code, name, checked)])] for the checkboxes."""
        value = self["categories"].value() or []
        chosen = {str(v) for v in value}
        groups: dict[str, list] = {}
        for c in self.subcategories:
            head = f"{c.parent.code} {c.parent.name}"
            groups.setdefault(head, []).append((c.code, c.name, c.code in chosen))
        return list(groups.items())

    def values(self) -> dict:
        cd = self.cleaned_data
        return {
            "name": cd["name"].strip(),
            "kind": cd["kind"],
            "goal": cd["goal"].strip(),
            "leading_group": cd["leading_group"].strip(),
            "starts_on": cd["starts_on"],
            "ends_on": cd["ends_on"],
            "category_codes": cd["categories"],
        }


def campaign_initial(campaign: Campaign) -> dict:
    return {
        "name": campaign.name,
        "kind": campaign.kind,
        "goal": campaign.goal,
        "leading_group": campaign.leading_group,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "categories": list(campaign.categories.values_list("code", flat=True)),
        "version": campaign.version,
    }


# -- rows of a list ---------------------------------------------------------------------------


class RowForm(forms.Form):
    """A row of a list: an empty row is no row; its fields are checked only when it is filled."""

    content_fields: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        cd = getattr(self, "cleaned_data", {})
        return not any(cd.get(n) not in (None, "", []) for n in self.content_fields) and not any(
            n in self.errors for n in self.content_fields
        )

    def is_kept(self) -> bool:
        return not self.cleaned_data.get("DELETE") and not self.is_blank()

    def require(self, *names: str) -> None:
        for name in names:
            if self.cleaned_data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, _("This field is required."))


class RowFormSet(forms.BaseFormSet):
    """Rows in the order the office put them ("No.", which the arrows renumber)."""

    service_errors: list[str]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.service_errors = []

    def in_order(self) -> list:
        """The rows as the office last arranged them (a refused save shows them so again)."""
        if not self.can_order:
            return list(self.forms)

        def key(item):
            i, f = item
            raw = str(f["ORDER"].value() or "")
            return (int(raw) if raw.isdigit() else 10**6, i)

        return [f for _i, f in sorted(enumerate(self.forms), key=key)]

    def kept(self) -> list:
        rows = [
            (f.cleaned_data.get("ORDER"), i, f)
            for i, f in enumerate(self.forms)
            if hasattr(f, "cleaned_data") and f.is_kept()
        ]
        rows.sort(key=lambda r: (r[0] if r[0] is not None else 10**6, r[1]))
        return [f for _order, _i, f in rows]


def row_formset(form, formset=RowFormSet, extra: int = 1, order: bool = True):
    return forms.formset_factory(
        form,
        formset=formset,
        extra=extra,
        can_delete=True,
        can_order=order,
        max_num=ROW_LIMIT,
        absolute_max=ROW_LIMIT + 10,
        validate_max=True,
    )


# -- phases -----------------------------------------------------------------------------------


class PhaseRowForm(RowForm):
    content_fields = ("name", "starts_on", "ends_on", "aim")

    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=60, required=False)
    starts_on = date_field(_("Starts"), required=False)
    ends_on = date_field(_("Ends"), required=False)
    aim = forms.CharField(
        label=_("What it must achieve"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, period: tuple[dt.date, dt.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period

    def clean(self):
        cd = super().clean()
        if cd.get("DELETE") or self.is_blank():
            return cd
        self.require("name", "starts_on", "ends_on")
        name, start, end = cd.get("name", "").strip(), cd.get("starts_on"), cd.get("ends_on")
        if start and end:
            if end < start:
                self.add_error(
                    "ends_on", _("Phase “%(name)s” ends before it starts.") % {"name": name}
                )
            elif start < self.period[0] or end > self.period[1]:
                self.add_error(
                    "starts_on" if start < self.period[0] else "ends_on",
                    _("Phase “%(name)s” lies outside the campaign's period (%(start)s to %(end)s).")
                    % {"name": name, "start": self.period[0], "end": self.period[1]},
                )
        return cd


class PhaseFormSet(RowFormSet):
    def clean(self):
        seen: set[str] = set()
        for f in self.kept():
            name = f.cleaned_data.get("name", "").strip()
            if name in seen:
                f.add_error("name", _("Two phases are called “%(name)s”.") % {"name": name})
            seen.add(name)

    def phases(self) -> list[PhaseData]:
        return [
            PhaseData(
                name=f.cleaned_data["name"].strip(),
                starts_on=f.cleaned_data["starts_on"],
                ends_on=f.cleaned_data["ends_on"],
                aim=f.cleaned_data.get("aim", ""),
                pk=f.cleaned_data.get("pk"),
            )
            for f in self.kept()
        ]


PhaseFormSetClass = row_formset(PhaseRowForm, PhaseFormSet)


def phase_formset(campaign: Campaign, data=None):
    period = (campaign.starts_on, campaign.ends_on)
    initial = [
        {
            "pk": p.pk,
            "name": p.name,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "aim": p.aim,
            "ORDER": i + 1,
        }
        for i, p in enumerate(campaign.phases.all())
    ]
    return PhaseFormSetClass(
        data, initial=None if data else initial, prefix="phases", form_kwargs={"period": period}
    )


# -- the leading group ------------------------------------------------------------------------


class MemberRowForm(RowForm):
    content_fields = ("person", "post", "unit")

    role = forms.ChoiceField(label=pgettext_lazy("campaign", "Role"), choices=GroupRole.choices)
    person = forms.CharField(
        label=pgettext_lazy("campaign", "Person"), max_length=60, required=False
    )
    post = forms.CharField(label=pgettext_lazy("campaign", "Post"), max_length=80, required=False)
    unit = forms.TypedChoiceField(
        label=_("Unit"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )

    def __init__(self, *args, unit_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices
        self.fields["role"].initial = GroupRole.MEMBER


class MemberFormSet(RowFormSet):
    def members(self) -> list[MemberData]:
        return [
            MemberData(
                role=f.cleaned_data["role"],
                person=f.cleaned_data.get("person", ""),
                post=f.cleaned_data.get("post", ""),
                unit_id=f.cleaned_data.get("unit"),
            )
            for f in self.kept()
        ]


MemberFormSetClass = row_formset(MemberRowForm, MemberFormSet)


def member_unit_choices(campaign: Campaign) -> list:
    """The units of the leading group (成员单位): offices, departments, the district and streets;
    a unit already in the group stays offered."""
    used = [m.unit_id for m in campaign.group.all() if m.unit_id]
    units = (
        Unit.objects.filter(is_active=True)
        .exclude(kind=UnitKind.TERRITORY, level="community")
        .only("pk", "name", "kind")
        .order_by("path")
    )
    listed = list(units)
    known = {u.pk for u in listed}
    missing = [pk for pk in used if pk not in known]
    if missing:
        listed += list(Unit.objects.filter(pk__in=missing).only("pk", "name", "kind"))
    return [("", "—"), *grouped_units(listed, UNIT_KIND_LABELS)]


def member_formset(campaign: Campaign, data=None):
    initial = [
        {
            "role": m.role,
            "person": m.person,
            "post": m.post,
            "unit": m.unit_id,
            "ORDER": i + 1,
        }
        for i, m in enumerate(campaign.group.all())
    ]
    return MemberFormSetClass(
        data,
        initial=None if data else initial,
        prefix="group",
        form_kwargs={"unit_choices": member_unit_choices(campaign)},
    )
