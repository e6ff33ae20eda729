"""Page forms: they parse; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.inspections.models import Checklist, PlanKind, Window
from zhengzhi.inspections.services.sample import PLACE_NAMES, SCALES, SEGMENTS
from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.org.scope import scope_for
from zhengzhi.sites.models import SiteKind
from zhengzhi.territory.models import Grid, Segment

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    checklists = forms.ModelMultipleChoiceField(
        label=_("Checklists"), queryset=Checklist.objects.filter(is_active=True)
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units inspected"),
        queryset=Unit.objects.filter(kind=UnitKind.TERRITORY, is_active=True),
        required=False,
    )
    starts_on = forms.DateField(label=_("From"), **DATE)
    ends_on = forms.DateField(label=_("To"), **DATE)
    windows = forms.MultipleChoiceField(
        label=_("Time windows"),
        choices=Window.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sample_size = forms.IntegerField(
        label=_("Sample size per site kind (empty: every place)"),
        required=False,
        min_value=1,
        max_value=100000,
    )
    sample_preset = forms.ChoiceField(
        label=_("Sample preset"),
        choices=[("", _("None")), *SCALES],
        required=False,
        help_text=_(
            "Fills the size of each kind the technical assessment's table names; a size you "
            "enter below wins."
        ),
    )
    seed = forms.IntegerField(
        label=_("Random seed (empty: chosen and stored)"),
        required=False,
        min_value=0,
        max_value=2**31 - 1,
    )
    grids = forms.ModelMultipleChoiceField(
        label=_("Grids inspected"), queryset=Grid.objects.none(), required=False
    )
    site_kinds = forms.ModelMultipleChoiceField(
        label=_("Kinds of place"), queryset=SiteKind.objects.order_by("name"), required=False
    )
    segments = forms.ModelMultipleChoiceField(
        label=_("Streets and lanes (segments)"), queryset=Segment.objects.none(), required=False
    )
    team = forms.ModelMultipleChoiceField(label=_("Team"), queryset=None, required=False)
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments in the team (joint inspection)"),
        queryset=Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True).order_by("path"),
        required=False,
    )

    def __init__(self, *args, users=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = users
        # The grids and segments of the units the planner may see (all of them for the office).
        grids = Grid.objects.filter(is_active=True).order_by("code")
        segments = Segment.objects.filter(is_active=True).order_by("name")
        scope = scope_for(user) if user is not None else None
        if scope is not None and not scope.all_units:
            grids = grids.filter(community_id__in=scope.unit_ids)
            segments = segments.filter(community_id__in=scope.unit_ids)
        self.fields["grids"].queryset = grids  # type: ignore[attr-defined]
        self.fields["segments"].queryset = segments  # type: ignore[attr-defined]
        # One size box per kind of place (and for street stretches): empty takes the size
        # per kind above, or the preset's.
        places = [(SEGMENTS, PLACE_NAMES[SEGMENTS])]
        places += list(SiteKind.objects.order_by("name").values_list("code", "name"))
        self.size_keys = {}
        for code, name in places:
            key = "size_" + ("segments" if code == SEGMENTS else code)
            self.size_keys[key] = code
            self.fields[key] = forms.IntegerField(
                label=name, required=False, min_value=1, max_value=100000
            )

    def size_fields(self):
        return [self[key] for key in self.size_keys]

    def main_fields(self):
        return [f for f in self if f.name not in self.size_keys]

    def sample_sizes(self) -> dict[str, int]:
        d = self.cleaned_data
        return {code: d[key] for key, code in self.size_keys.items() if d.get(key)}


class PointVisitForm(forms.Form):
    """A visit to a place the registry does not hold, added to a plan by hand."""

    checklist = forms.ModelChoiceField(label=_("Checklist"), queryset=Checklist.objects.none())
    place_label = forms.CharField(
        label=_("Kind of place"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"list": "place-labels"}),
    )
    address = forms.CharField(label=_("Place visited (name and address)"), max_length=200)
    unit = forms.ModelChoiceField(label=_("Unit inspected"), queryset=Unit.objects.none())
    due_on = forms.DateField(label=_("Day"), **DATE)
    window = forms.ChoiceField(
        label=_("Time window"), choices=[("", "—"), *Window.choices], required=False
    )
    inspector = forms.ModelChoiceField(
        label=_("Inspector"), queryset=Unit.objects.none(), required=False
    )
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)

    def __init__(self, *args, plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True).order_by("path")
        scope = scope_for(user)
        if not scope.all_units:
            units = units.filter(pk__in=scope.unit_ids)
        self.fields["checklist"].queryset = plan.checklists.order_by("name")  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["inspector"].queryset = plan.team.order_by("username")  # type: ignore[attr-defined]


class ResultForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, **DATE)
    end = forms.DateField(label=_("To"), required=False, **DATE)
    by = forms.ChoiceField(
        label=pgettext_lazy("results", "By"),
        required=False,
        choices=[
            ("unit", _("Unit inspected")),
            ("street", _("Street / town")),
            ("grid", _("Grid")),
            ("checklist", _("Checklist")),
            ("site", pgettext_lazy("inspection", "Place")),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *PlanKind.choices]
    )

    def period(self, today: dt.date) -> tuple[dt.date, dt.date]:
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or (end - dt.timedelta(days=365))
        return start, end
