"""The office's forms for a task: every field of it (四定四包, target, key project, reporting
rule), the budget spent, its reporting units with their targets and its milestones."""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.campaigns.forms_edit import (
    UNIT_KIND_LABELS,
    RowForm,
    RowFormSet,
    VersionedForm,
    date_field,
    grouped_units,
    plain,
    row_formset,
)
from zhengzhi.campaigns.models import Campaign, Frequency, Task
from zhengzhi.campaigns.rules import RuleError, parse_cutoffs
from zhengzhi.campaigns.services.tasks import TaskData
from zhengzhi.core.widgets import FastSelect
from zhengzhi.org.models import Unit, UnitKind

MAX_FIGURE = 9999999999


class FastSelectMultiple(FastSelect):
    """FastSelect for several values (supporting units)."""

    allow_multiple_selected = True

    def __init__(self, attrs=None, choices=()):
        super().__init__({"multiple": True, "size": 8, **(attrs or {})}, choices)

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty multiple select sends nothing: "none chosen"


def figure_field(label, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_FIGURE,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", "class": "short"}),
    )


def units_for_task(campaign: Campaign, used: Collection[int] = ()) -> list[Unit]:
    """Units a task may be given to (as in the wizard): the departments and the territories
    within the campaign's scope; a unit the task already has stays offered."""
    scope = campaign.scope_unit
    units = list(
        (
            Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True)
            | Unit.objects.filter(
                kind=UnitKind.TERRITORY, is_active=True, path__startswith=scope.path
            )
        )
        .only("pk", "name", "kind", "path")
        .order_by("path")
    )
    known = {u.pk for u in units}
    missing = set(used) - known
    if missing:
        units += list(Unit.objects.filter(pk__in=missing).only("pk", "name", "kind"))
    return units


def unit_choices(units: list[Unit], blank: bool = True) -> list:
    groups = grouped_units(units, UNIT_KIND_LABELS)
    return [("", "—"), *groups] if blank else groups


def strip_measure(label: str, measure: str) -> str:
    """拆除违建（处） with the measure 处 is 拆除违建: the report page adds the measure itself."""
    label, measure = label.strip(), measure.strip()
    if measure:
        for opening, closing in (("（", "）"), ("(", ")")):
            suffix = f"{opening}{measure}{closing}"
            if label.endswith(suffix) and len(label) > len(suffix):
                return label[: -len(suffix)].rstrip()
    return label


def _normal_time(piece: str) -> str:
    """ "9:00" and "9：00" (a full-width colon) read as 09:00."""
    piece = piece.replace("：", ":")
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", piece)
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else piece


class TaskForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=120)
    content = forms.CharField(
        label=pgettext_lazy("campaign", "Content"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    phase = forms.TypedChoiceField(
        label=_("Phase"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    lead_unit = forms.TypedChoiceField(label=_("Lead unit"), coerce=int, widget=FastSelect)
    supporting_units = forms.TypedMultipleChoiceField(
        label=_("Supporting units"),
        required=False,
        coerce=int,
        widget=FastSelectMultiple,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    # 四定四包
    owner = forms.CharField(label=_("Person responsible"), max_length=60, required=False)
    leader_in_charge = forms.CharField(label=_("Leader in charge"), max_length=60, required=False)
    duty = forms.CharField(
        label=_("Duty"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    staff = forms.CharField(label=_("Staff"), max_length=200, required=False)
    schedule = forms.CharField(label=_("Schedule"), max_length=200, required=False)
    deadline = date_field(pgettext_lazy("campaign", "Deadline"))
    target = figure_field(_("Target"))
    measure = forms.CharField(
        label=pgettext_lazy("campaign", "Measure"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "short", "placeholder": "处、户、公里"}),
    )
    figure_label = forms.CharField(
        label=_("Figure reported"),
        max_length=60,
        required=False,
        help_text=_(
            "What the units report, without the measure (the report page adds it), e.g. 拆除违建."
        ),
    )
    is_key_project = forms.BooleanField(label=_("A key project"), required=False)
    budget_planned = figure_field(_("Budget planned (10k yuan)"), required=False)
    budget_spent = figure_field(_("Budget spent (10k yuan)"), required=False)
    frequency = forms.ChoiceField(label=_("Reporting"), choices=Frequency.choices)
    cutoffs = forms.CharField(
        label=_("Cut-off times"),
        max_length=100,
        required=False,
        help_text=_(
            "Times of day, e.g. 11:00, 16:00; a weekly, ten-day, monthly or quarterly report uses "
            "the first."
        ),
    )
    report_weekday = forms.TypedChoiceField(
        label=_("Weekday of the cut-off"),
        coerce=int,
        choices=[(i, WEEKDAYS[i]) for i in range(7)],
        help_text=_("Weekly reports."),
    )
    report_monthday = forms.IntegerField(
        label=_("Day of month of the cut-off"),
        min_value=1,
        max_value=31,
        widget=forms.NumberInput(attrs={"class": "short"}),
        help_text=_(
            "Monthly reports, and quarterly ones in the quarter's last month; the last day in a "
            "shorter month."
        ),
    )
    workdays_only = forms.BooleanField(
        label=_("Working days only"),
        required=False,
        help_text=_(
            "Daily reports only on working days; any other cut-off on a rest day moves to the next "
            "working day."
        ),
    )

    # Sections of the page, in order (the template lays each out as one fieldset).
    SECTIONS = (
        (_("The task"), ("title", "content", "phase", "lead_unit", "supporting_units")),
        (
            _("Owner, duty, staff, schedule"),
            ("owner", "leader_in_charge", "duty", "staff", "schedule"),
        ),
        (_("Target and deadline"), ("deadline", "target", "measure", "figure_label")),
        (_("Key project"), ("is_key_project", "budget_planned", "budget_spent")),
        (
            _("Reporting rule"),
            ("frequency", "cutoffs", "report_weekday", "report_monthday", "workdays_only"),
        ),
    )

    def __init__(self, *args, campaign: Campaign, task: Task | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign, self.task = campaign, task
        used: set[int] = set()
        if task is not None:
            used = {task.lead_unit_id, *(u.pk for u in task.supporting_units.all())}
        else:
            del self.fields["version"]  # a new task has none
        units = units_for_task(campaign, used)
        self.fields["lead_unit"].choices = unit_choices(units)
        self.fields["supporting_units"].choices = unit_choices(units, blank=False)
        self.fields["phase"].choices = [
            ("", "—"),
            *((p.pk, p.name) for p in campaign.phases.all()),
        ]

    def sections(self):
        """[(title, [(field, wide)])]: text areas and the multiple choice take a whole line."""
        wide = {"content", "duty", "supporting_units"}
        return [
            (title, [(self[name], name in wide) for name in names])
            for title, names in self.SECTIONS
        ]

    def clean_cutoffs(self) -> list[str]:
        raw = self.cleaned_data.get("cutoffs", "")
        pieces = [_normal_time(p) for p in re.split(r"[\s,，、;；]+", raw) if p]
        try:
            times = parse_cutoffs(pieces)
        except RuleError as exc:
            raise forms.ValidationError(exc.message) from None
        return [t.strftime("%H:%M") for t in times]

    def clean(self):
        cd = super().clean()
        deadline = cd.get("deadline")
        c = self.campaign
        if deadline and not c.starts_on <= deadline <= c.ends_on:
            self.add_error(
                "deadline",
                _("The deadline must fall within the campaign (%(start)s to %(end)s).")
                % {"start": c.starts_on, "end": c.ends_on},
            )
        if cd.get("frequency") == Frequency.DAILY and "cutoffs" in cd and not cd["cutoffs"]:
            self.add_error("cutoffs", _("A daily report needs at least one cut-off time."))
        if cd.get("figure_label"):
            cd["figure_label"] = strip_measure(cd["figure_label"], cd.get("measure") or "")
        return cd

    def values(self) -> dict:
        """The fields as update_task takes them (TASK_FIELDS and supporting_unit_ids)."""
        cd = self.cleaned_data
        out = {
            name: cd[name]
            for name in (
                "title", "content", "owner", "leader_in_charge", "duty", "staff", "schedule",
                "deadline", "target", "measure", "figure_label", "is_key_project",
                "budget_planned", "budget_spent", "frequency", "cutoffs", "report_weekday",
                "report_monthday", "workdays_only",
            )
        }  # fmt: skip
        for name in ("title", "content", "owner", "leader_in_charge", "duty", "staff"):
            out[name] = out[name].strip()
        out["phase_id"] = cd["phase"]
        out["lead_unit_id"] = cd["lead_unit"]
        out["supporting_unit_ids"] = cd["supporting_units"]
        return out

    def task_data(self) -> TaskData:
        values = self.values()
        lead = Unit.objects.get(pk=values.pop("lead_unit_id"))
        return TaskData(lead_unit=lead, **values)


def task_initial(task: Task) -> dict:
    return {
        **{
            name: getattr(task, name)
            for name in (
                "title", "content", "owner", "leader_in_charge", "duty", "staff", "schedule",
                "deadline", "measure", "figure_label", "is_key_project", "frequency",
                "report_weekday", "report_monthday", "workdays_only", "version",
            )
        },
        "target": plain(task.target),
        "budget_planned": plain(task.budget_planned),
        "budget_spent": plain(task.budget_spent),
        "cutoffs": ", ".join(task.cutoffs or []),
        "phase": task.phase_id,
        "lead_unit": task.lead_unit_id,
        "supporting_units": [u.pk for u in task.supporting_units.all()],
    }  # fmt: skip


def new_task_initial(campaign: Campaign) -> dict:
    return {
        "deadline": campaign.ends_on,
        "target": Decimal(0),
        "frequency": Frequency.DAILY,
        "cutoffs": "11:00, 16:00",
        "report_weekday": 4,
        "report_monthday": 25,
    }


class BudgetForm(VersionedForm):
    budget_spent = figure_field(_("Budget spent (10k yuan)"), required=False)


# -- reporting units --------------------------------------------------------------------------


class AssignmentRowForm(RowForm):
    content_fields = ("unit", "target")

    unit = forms.TypedChoiceField(
        label=_("Unit"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    target = figure_field(_("Target"), required=False)

    def __init__(self, *args, unit_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices

    def clean(self):
        cd = super().clean()
        if not cd.get("DELETE") and not self.is_blank():
            self.require("unit", "target")
        return cd


class AssignmentFormSet(RowFormSet):
    def clean(self):
        seen: set[int] = set()
        for f in self.kept():
            unit = f.cleaned_data.get("unit")
            if unit in seen:
                f.add_error("unit", _("This unit is listed twice."))
            seen.add(unit)
        if not seen and not any(self.errors):
            raise forms.ValidationError(_("At least one unit reports on a task."))

    def assignments(self, units: dict[int, Unit]) -> list[tuple[Unit, Decimal]]:
        return [(units[f.cleaned_data["unit"]], f.cleaned_data["target"]) for f in self.kept()]

    def total(self) -> Decimal:
        return sum((f.cleaned_data.get("target") or Decimal(0) for f in self.kept()), Decimal(0))


AssignmentFormSetClass = row_formset(AssignmentRowForm, AssignmentFormSet, extra=2, order=False)


def assignment_formset(task: Task, units: list[Unit], data=None):
    initial = [{"unit": a.unit_id, "target": plain(a.target)} for a in task.assignments.all()]
    return AssignmentFormSetClass(
        data,
        initial=None if data else initial,
        prefix="units",
        form_kwargs={"unit_choices": unit_choices(units)},
    )


# -- milestones -------------------------------------------------------------------------------


class MilestoneRowForm(RowForm):
    content_fields = ("due_on", "value", "note")

    due_on = date_field(_("Date"), required=False)
    value = figure_field(_("Cumulative target"), required=False)
    note = forms.CharField(label=_("Note"), max_length=120, required=False)

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task

    def clean(self):
        cd = super().clean()
        if cd.get("DELETE") or self.is_blank():
            return cd
        self.require("due_on", "value")
        day, value, task = cd.get("due_on"), cd.get("value"), self.task
        if day and not task.campaign.starts_on <= day <= task.deadline:
            self.add_error(
                "due_on",
                _("A milestone falls from the campaign's start (%(start)s) to the deadline "
                  "(%(end)s).") % {"start": task.campaign.starts_on, "end": task.deadline},
            )  # fmt: skip
        if value is not None and value > task.target:
            self.add_error(
                "value",
                _("Above the task's target (%(target)s).")
                % {"target": f"{task.target.normalize():f}"},
            )
        return cd


class MilestoneFormSet(RowFormSet):
    def clean(self):
        rows = sorted(
            (f for f in self.kept() if f.cleaned_data.get("due_on")),
            key=lambda f: f.cleaned_data["due_on"],
        )
        last = None
        for f in rows:
            day, value = f.cleaned_data["due_on"], f.cleaned_data.get("value")
            if last is not None and day == last[0]:
                f.add_error("due_on", _("Two milestones on one day."))
            elif last is not None and value is not None and last[1] is not None and value < last[1]:
                f.add_error(
                    "value", _("Milestones are cumulative: each is at least the one before.")
                )
            last = (day, value)

    def milestones(self) -> list[tuple]:
        return [
            (f.cleaned_data["due_on"], f.cleaned_data["value"], f.cleaned_data.get("note", ""))
            for f in self.kept()
        ]


MilestoneFormSetClass = row_formset(MilestoneRowForm, MilestoneFormSet, extra=2, order=False)


def milestone_formset(task: Task, data=None):
    initial = [
        {"due_on": m.due_on, "value": plain(m.value), "note": m.note} for m in task.milestones.all()
    ]
    return MilestoneFormSetClass(
        data, initial=None if data else initial, prefix="milestones", form_kwargs={"task": task}
    )
