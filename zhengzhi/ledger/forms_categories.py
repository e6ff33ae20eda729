"""The office's forms for problem categories: a sub-category and its staged time limits (rows)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.models import Category, LimitUnit, Priority
from zhengzhi.ledger.services.categories import (
    MAX_STAGES,
    CategoryData,
    clean_close_items,
    limit_error,
    name_taken,
)
from zhengzhi.org.models import Unit, UnitKind

UNIT_CHOICES = [("", "—"), *LimitUnit.choices]


class SubCategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    department = forms.ModelChoiceField(
        label=_("Supporting department"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(none: the territorial unit alone)"),
        help_text=_("The department (条) that supports the territorial owner (块)."),
    )
    register_condition = forms.CharField(
        label=_("When to register (立案条件)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    close_standard = forms.CharField(
        label=_("What counts as done (结案标准)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    close_items = forms.CharField(
        label=_("Close standard items the verifier ticks"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item a line, e.g. “垃圾清理干净”. All must be ticked to close."),
    )
    verify_amount = forms.FloatField(
        label=_("Verification time limit (核查时限)"),
        widget=forms.NumberInput(attrs={"step": "any", "min": "0", "class": "short"}),
    )
    verify_unit = forms.ChoiceField(label=_("Unit of the verification limit"), choices=UNIT_CHOICES)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    is_public = forms.BooleanField(
        label=_("Open to public reports"),
        required=False,
        help_text=_("Citizens may choose this sub-category when they report a problem."),
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_(
            "An inactive sub-category is no longer offered for new problems; "
            "problems already filed under it keep it."
        ),
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, parent: Category, instance: Category | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.parent, self.instance = parent, instance
        depts = Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True)
        if instance is not None and instance.department_id:
            depts = depts | Unit.objects.filter(pk=instance.department_id)
        self.fields["department"].queryset = depts.order_by("path")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name_taken(self.parent, name, self.instance):
            raise forms.ValidationError(
                _("%(main)s already has a sub-category with this name."),
                params={"main": self.parent.name},
            )
        return name

    def clean(self):
        cleaned = super().clean()
        amount, unit = cleaned.get("verify_amount"), cleaned.get("verify_unit")
        if amount is not None and unit:
            reason = limit_error(amount, unit)
            if reason:
                self.add_error("verify_amount", reason)
        return cleaned

    def text_fields(self) -> list:
        return [
            self[name]
            for name in (
                "name",
                "department",
                "register_condition",
                "close_standard",
                "close_items",
            )
        ]

    def category_data(self, stages: list[dict]) -> CategoryData:
        cd = self.cleaned_data
        return CategoryData(
            name=cd.get("name", ""),
            department=cd.get("department"),
            register_condition=cd.get("register_condition", ""),
            close_standard=cd.get("close_standard", ""),
            close_items=clean_close_items((cd.get("close_items") or "").splitlines()),
            stages=stages,
            verify_amount=cd.get("verify_amount") or 0,
            verify_unit=cd.get("verify_unit", ""),
            priority=cd.get("priority") or 0,
            is_public=cd.get("is_public", False),
            is_active=cd.get("is_active", False),
        )


def initial_from(category: Category) -> dict:
    return {
        "name": category.name,
        "department": category.department_id,
        "register_condition": category.register_condition,
        "close_standard": category.close_standard,
        "close_items": "\n".join(category.close_items or []),
        "verify_amount": _number(category.verify_amount),
        "verify_unit": category.verify_unit,
        "priority": category.priority,
        "is_public": category.is_public,
        "is_active": category.is_active,
    }


def _number(value) -> int | float:
    value = float(value)
    return int(value) if value == int(value) else value


class StageForm(forms.Form):
    """One row of the handling time limit: fence off in 3 urgent working hours, ..."""

    name = forms.CharField(
        label=_("Stage"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 围挡")}),
    )
    amount = forms.FloatField(
        label=_("Time limit"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "min": "0", "class": "short"}),
    )
    unit = forms.ChoiceField(label=_("Counted in"), choices=UNIT_CHOICES, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE") or self.is_blank():
            return cleaned
        if cleaned.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Give the time limit."))
        if not cleaned.get("unit"):
            self.add_error("unit", _("Choose how the time limit is counted."))
        elif cleaned.get("amount") is not None:
            reason = limit_error(cleaned["amount"], cleaned["unit"])
            if reason:
                self.add_error("amount", reason)
        return cleaned

    def is_blank(self) -> bool:
        """A row left empty (or emptied) is no stage."""
        cd = self.cleaned_data
        return (
            not cd.get("name")
            and cd.get("amount") is None
            and not cd.get("unit")
            and "amount" not in self.errors
        )


class BaseStageFormSet(forms.BaseFormSet):
    def clean(self):
        rows = [
            f
            for f in self.forms
            if hasattr(f, "cleaned_data") and not f.cleaned_data.get("DELETE") and not f.is_blank()
        ]
        if not rows and not any(self.errors):
            raise forms.ValidationError(_("Give at least one handling time limit."))
        if len(rows) > MAX_STAGES:
            raise forms.ValidationError(_("At most %(n)s stages."), params={"n": MAX_STAGES})
        if len(rows) > 1:
            for f in rows:
                if not f.cleaned_data.get("name", "").strip():
                    f.add_error(
                        "name",
                        _("Name each stage when there are several (e.g. 围挡, 抢修, 恢复路面)."),
                    )

    def stages(self) -> list[dict]:
        return [
            {"name": f.cleaned_data.get("name", ""), **_limit(f.cleaned_data)}
            for f in self.forms
            if not f.cleaned_data.get("DELETE") and not f.is_blank()
        ]


def _limit(cd: dict) -> dict:
    return {"amount": cd.get("amount"), "unit": cd.get("unit", "")}


StageFormSet = forms.formset_factory(
    StageForm, formset=BaseStageFormSet, extra=1, can_delete=True, max_num=6, absolute_max=20
)


def stage_initial(category: Category | None) -> list[dict]:
    if category is None:
        return []
    return [
        {"name": s.get("name", ""), "amount": _number(s["amount"]), "unit": s["unit"]}
        for s in category.stages or []
    ]
