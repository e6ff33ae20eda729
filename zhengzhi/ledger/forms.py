"""Forms of the ledger's pages: the list's filters, recording a problem, and one form per move."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.core.widgets import (
    FastCheckboxInput,
    FastDateInput,
    FastSelect,
    FastTextInput,
    set_normalized_choices,
)
from zhengzhi.ledger.models import Category, CategoryKind, Pending, Source, Status
from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.territory.geometry import GeometryError, check_lon_lat

MAX_PHOTOS = 6


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input (a phone's camera or gallery); checked one by one on storing."""

    def __init__(self, *args, **kwargs):
        attrs = {"accept": "image/*", "capture": "environment", "multiple": True}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("At most %(n)s photos, please."), params={"n": MAX_PHOTOS}, code="too_many"
            )
        return [super(PhotosField, self).clean(f, initial) for f in files]


def category_choices(rows: list[dict] | None = None) -> list:
    """Sub-categories grouped under their main category (大类 → 小类), as the select shows them."""
    return [(label, options) for label, _kind, options in category_groups(rows)]


def category_rows() -> list[dict]:
    """Every category, active or not, in display order: one query that a page showing both a
    category filter and category names (the ledger list) reads for both."""
    return list(
        Category.objects.order_by("sort", "code").values(
            "id", "code", "name", "parent_id", "kind", "is_active"
        )
    )


def category_groups(rows: list[dict] | None = None) -> list[tuple[str, str, list]]:
    """(main category's label, its kind: event 事件 / component 部件, its subs' choices), events
    first: two main categories may share a name ("其他") and differ only by kind."""
    groups: dict[int, tuple[str, str, list]] = {}
    subs = []
    for c in category_rows() if rows is None else rows:
        if not c["is_active"]:
            continue
        if c["parent_id"] is None:
            groups[c["id"]] = (f"{c['code']} {c['name']}", c["kind"], [])
        else:
            subs.append(c)
    for c in subs:
        if c["parent_id"] in groups:
            groups[c["parent_id"]][2].append((c["code"], f"{c['code']} {c['name']}"))
    order = {CategoryKind.EVENT: 0, CategoryKind.COMPONENT: 1}
    found = [g for g in groups.values() if g[2]]
    return sorted(found, key=lambda g: order.get(g[1], 2))  # stable: sort and code within a kind


# ---- the ledger list -----------------------------------------------------------------------


class LedgerFilterForm(forms.Form):
    """Shows and checks the list's filters; `selectors.filter_problems` applies them."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=FastTextInput)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=FastSelect)
    pending = forms.ChoiceField(
        label=_("Pending request"),
        required=False,
        widget=FastSelect,
        choices=[("", "—"), ("any", _("Any request")), ("none", _("No request"))]
        + [c for c in Pending.choices if c[0]],
    )
    category = forms.ChoiceField(label=_("Category"), required=False, widget=FastSelect)
    unit = forms.ChoiceField(label=_("Owner unit"), required=False, widget=FastSelect)
    grid = forms.CharField(label=_("Grid"), required=False, max_length=20, widget=FastTextInput)
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", "—"), *Source.choices], widget=FastSelect
    )
    date_from = forms.DateField(
        label=_("Reported from"), required=False, widget=FastDateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Reported until"), required=False, widget=FastDateInput(attrs={"type": "date"})
    )
    overdue = forms.BooleanField(label=_("Overdue"), required=False, widget=FastCheckboxInput)
    due_soon = forms.BooleanField(
        label=_("Due within 24 hours"), required=False, widget=FastCheckboxInput
    )

    def __init__(self, data=None, *, units=None, categories=None, **kwargs):
        super().__init__(data, **kwargs)
        status_choices = [("", "—"), *Status.choices]
        wanted = (data or {}).get("status", "") if data is not None else ""
        if wanted and wanted not in Status.values:
            # A drill-down may ask for several statuses at once ("dispatched,accepted").
            labels = dict(Status.choices)
            parts = [labels.get(p) for p in wanted.split(",")]
            if all(parts):
                status_choices.append((wanted, " + ".join(str(p) for p in parts)))
        self.fields["status"].choices = status_choices
        set_normalized_choices(
            self.fields["category"], [("", "—"), *category_choices_with_main(categories)]
        )
        set_normalized_choices(self.fields["unit"], [("", "—"), *unit_choices(units or [])])
        self.fields["overdue"].widget.attrs["value"] = "1"
        self.fields["due_soon"].widget.attrs["value"] = "1"


def category_choices_with_main(rows: list[dict] | None = None) -> list:
    """For filtering, a main category itself can be chosen as well as each of its subs."""
    out = []
    for label, options in category_choices(rows):
        code = label.split(" ", 1)[0]
        out.append((label, [(code, _("%(name)s (all)") % {"name": label}), *options]))
    return out


def unit_choices(units) -> list[tuple[str, str]]:
    """Units in tree order, indented by depth."""
    if not units:
        return []
    top = min(u.depth for u in units)
    return [(str(u.pk), "\u3000" * (u.depth - top) + u.name) for u in units]


# ---- recording a problem -----------------------------------------------------------------------


class RecordForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("What is wrong, and where exactly?")}
        ),
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    # Recorded from a site's page (?site=): the problem is at that site (scope checked).
    site = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    photos = PhotosField(label=_("Photos"))
    register = forms.BooleanField(label=_("Register at once"), required=False)

    def __init__(self, *args, can_register: bool = False, extensions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("— choose —")), *category_choices()]
        if not can_register:
            del self.fields["register"]
        # (key, field) the apps above the ledger add for this user (registry.RecordExtension).
        self.extension_keys = [key for key, _field in extensions]
        for key, field in extensions:
            self.fields[key] = field

    def extension_fields(self) -> list:
        """The bound fields the apps added, for the template."""
        return [self[key] for key in self.extension_keys]

    def extension_values(self) -> dict:
        """{key: cleaned value} of the fields the apps added (after is_valid)."""
        return {key: self.cleaned_data.get(key) for key in self.extension_keys}

    def clean(self):
        data = super().clean()
        lon, lat = data.get("lon"), data.get("lat")
        if (lon is None) != (lat is None):
            raise forms.ValidationError(_("Tap the map again: the point is incomplete."))
        if lon is not None:
            try:
                check_lon_lat(lon, lat)
            except GeometryError as exc:
                raise forms.ValidationError(str(exc)) from None
        if lon is None and not (data.get("address") or "").strip() and "address" not in self.errors:
            raise forms.ValidationError(
                _("Give the place: tap the map, use your location or type an address.")
            )
        return data

    def clean_category(self):
        return active_sub_category(self.cleaned_data["category"])


def active_sub_category(code: str) -> Category:
    category = Category.objects.filter(code=code, is_active=True, parent__isnull=False).first()
    if category is None:
        raise forms.ValidationError(_("Choose a sub-category."))
    return category


# ---- one form per move -----------------------------------------------------------------------


class MoveForm(forms.Form):
    """Every move carries the version of the problem the user saw (two actors at once)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, problem=None, user=None, **kwargs):
        self.problem, self.user = problem, user
        super().__init__(*args, **kwargs)


def _text(label, *, required=True, rows=2, placeholder=""):
    attrs = {"rows": rows}
    if placeholder:
        attrs["placeholder"] = placeholder
    return forms.CharField(
        label=label, required=required, max_length=2000, widget=forms.Textarea(attrs=attrs)
    )


class NoteForm(MoveForm):
    note = _text(_("Note"), required=False)


class RequiredNoteForm(MoveForm):
    note = _text(_("Note"))


class ReasonForm(MoveForm):
    reason = _text(_("Reason"))


class DispatchForm(MoveForm):
    owner_unit = forms.ModelChoiceField(
        label=_("Owner unit (块)"), queryset=Unit.objects.none(), empty_label="—"
    )
    supporting_unit = forms.ModelChoiceField(
        label=_("Supporting department (条)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label="—",
    )
    note = _text(pgettext_lazy("dispatch", "Instructions"), required=False)

    def __init__(self, *args, owners=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = owners if owners is not None else Unit.objects.none()
        self.fields["supporting_unit"].queryset = (
            departments if departments is not None else Unit.objects.none()
        )
        self.fields["owner_unit"].label_from_instance = _indented
        self.fields["supporting_unit"].label_from_instance = _indented


def _indented(unit: Unit) -> str:
    if unit.kind == UnitKind.TERRITORY:
        return "\u3000" * max(unit.depth - 1, 0) + unit.name
    return unit.name


class CorrectForm(MoveForm):
    """What the dispatcher may correct before dispatching; the fields come filled in."""

    category = forms.ChoiceField(label=_("Category"), widget=FastSelect)
    description = forms.CharField(
        label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False)
    note = _text(_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()

    def clean(self):
        data = super().clean()
        lon, lat = data.get("lon"), data.get("lat")
        if (lon is None) != (lat is None):
            raise forms.ValidationError(_("Give both longitude and latitude, or neither."))
        if lon is not None:
            try:
                check_lon_lat(lon, lat)
            except GeometryError as exc:
                raise forms.ValidationError(str(exc)) from None
        return data

    def clean_category(self):
        return active_sub_category(self.cleaned_data["category"])


class MergeForm(MoveForm):
    master = forms.CharField(
        label=_("Number of the master problem"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "2026-000123"}),
    )


class ExtensionForm(MoveForm):
    reason = _text(_("Reason"))
    new_due_at = forms.DateTimeField(
        label=_("New deadline"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class DeferralForm(MoveForm):
    reason = _text(_("Reason"))
    plan = _text(_("Plan"), rows=3)
    target_date = forms.DateField(
        label=_("Target date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class DecideForm(MoveForm):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("deny", _("Deny"))], widget=forms.HiddenInput
    )
    note = _text(_("Note"), required=False, placeholder=_("Required when denying"))


class ReportBackForm(MoveForm):
    note = _text(_("What was done"), rows=3)
    photos = PhotosField(label=_("Photos after rectification"))


class BatchDispatchForm(forms.Form):
    """Register and dispatch the problems ticked in the queue to one unit (services.batch)."""

    owner_unit = forms.ModelChoiceField(
        label=_("Owner unit (块)"), queryset=Unit.objects.none(), empty_label="—"
    )
    note = forms.CharField(
        label=pgettext_lazy("dispatch", "Instructions"), required=False, max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = Unit.objects.filter(
            kind__in=[UnitKind.TERRITORY, UnitKind.DEPARTMENT], is_active=True
        ).order_by("-kind", "path")
        self.fields["owner_unit"].label_from_instance = _indented


class CloseForm(MoveForm):
    """核查销号 on the spot: the close standard ticked, photos, where the verifier stood."""

    checked = forms.MultipleChoiceField(
        label=_("Close standard (结案标准): tick what is met"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    unchecked_reason = _text(
        _("Why it may be closed with an item not ticked"),
        required=False,
        placeholder=_("e.g. the item does not apply here"),
    )
    note = _text(_("Note"), required=False)
    photos = PhotosField(label=_("Photos of the verification"))
    stood_lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    stood_lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    stood_accuracy = forms.FloatField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        items = list(self.problem.category.close_items or []) if self.problem else []
        if items:
            self.fields["checked"].choices = [(item, item) for item in items]
        else:
            del self.fields["checked"]
            del self.fields["unchecked_reason"]

    def clean(self):
        data = super().clean()
        if "checked" in self.fields:
            missing = [
                v
                for v, _l in self.fields["checked"].choices
                if v not in (data.get("checked") or [])
            ]
            if missing and not (data.get("unchecked_reason") or "").strip():
                self.add_error(
                    "unchecked_reason",
                    _(
                        "Not ticked: %(items)s. Say why it may still be closed, or send it "
                        "back for rework."
                    )
                    % {"items": "、".join(missing)},
                )
        lon, lat = data.get("stood_lon"), data.get("stood_lat")
        if (lon is None) != (lat is None):
            raise forms.ValidationError(_("Record your position again: it is incomplete."))
        return data
