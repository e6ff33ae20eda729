"""Page forms: they parse; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.inspections.models import Checklist, PlanKind, Window
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
