"""Problem categories in two levels (大类/小类), as in GB/T 30428.2, extended from the seeds."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class CategoryKind(models.TextChoices):
    EVENT = "event", _("Event")  # 事件
    COMPONENT = "component", _("Component")  # 部件


class LimitUnit(models.TextChoices):
    URGENT_HOURS = "urgent_hours", _("urgent working hours")
    WORK_HOURS = "work_hours", _("working hours")
    WORK_DAYS = "work_days", _("working days")


def limit_text(amount, unit: str) -> str:
    """ "1 working day", "3 urgent working hours", "1.5 working hours": the count in its plural
    form (a fraction reads as plural)."""
    value = float(amount)
    shown = int(value) if value == int(value) else value
    count = int(value) if value == int(value) else 2
    if unit == LimitUnit.URGENT_HOURS:
        text = ngettext("%(n)s urgent working hour", "%(n)s urgent working hours", count)
    elif unit == LimitUnit.WORK_HOURS:
        text = ngettext("%(n)s working hour", "%(n)s working hours", count)
    elif unit == LimitUnit.WORK_DAYS:
        text = ngettext("%(n)s working day", "%(n)s working days", count)
    else:
        return f"{shown} {unit}"
    return text % {"n": shown}


class Priority(models.IntegerChoices):
    URGENT = 1, _("Urgent")
    HIGH = 2, _("High")
    NORMAL = 3, _("Normal")
    LOW = 4, _("Low")


class Category(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("main category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=CategoryKind.choices, default=CategoryKind.EVENT
    )
    # The department (条) that supports the territorial owner (块) on problems of this kind.
    department = models.ForeignKey(
        "org.Unit",
        verbose_name=_("supporting department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    register_condition = models.TextField(_("when to register"), blank=True)  # 立案条件
    close_standard = models.TextField(_("what counts as done"), blank=True)  # 结案标准
    # The close standard as items the verifier ticks on the spot (核查销号): ["垃圾清理干净",
    # "无残留"]. All must be ticked to close, or the verifier says why not.
    close_items = models.JSONField(_("close standard items"), default=list, blank=True)
    # Staged handling limits: [{"name": "围挡", "amount": 3, "unit": "urgent_hours"}, ...];
    # the last stage is the deadline of the problem.
    stages = models.JSONField(_("time limit stages"), default=list, blank=True)
    verify_amount = models.FloatField(_("verification time limit"), default=1)
    verify_unit = models.CharField(
        _("verification limit unit"),
        max_length=15,
        choices=LimitUnit.choices,
        default=LimitUnit.WORK_DAYS,
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    is_public = models.BooleanField(_("open to public reports"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        if self.parent_id and "parent" in self._state.fields_cache:
            return f"{self.parent.name}/{self.name}"
        return self.name

    @property
    def is_main(self) -> bool:
        return self.parent_id is None
