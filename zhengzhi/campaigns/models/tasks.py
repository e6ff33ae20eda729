"""Tasks with their lead and supporting units, 四定四包, target, milestones and reporting rule."""

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    TENDAY = "tenday", _("Every ten days (旬)")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    NONE = "none", _("No reports")


# Measures that count whole things (structures, households, inspections...): the figures units
# report in them are whole numbers. Lengths, areas, weights and money (公里, 亩, 吨, 万元) are not.
COUNTABLE_MEASURES = frozenset(  # one character each
    "个处户家条台次块辆起份人名件座栋间所张只根套盏棵株宗批项支部艘头口眼场面幅箱桶盒包组段片节趟"
)


def is_countable(measure: str) -> bool:
    """Whether a measure counts whole things: one of COUNTABLE_MEASURES, or a count of visits
    of them (人次, 家次, 户次)."""
    measure = (measure or "").strip()
    return measure in COUNTABLE_MEASURES or (
        len(measure) == 2 and measure[1] == "次" and measure[0] in COUNTABLE_MEASURES
    )


class Task(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="tasks"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=120)
    content = models.TextField(_("content"), blank=True)
    phase = models.ForeignKey(
        "campaigns.Phase",
        verbose_name=_("phase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    lead_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    supporting_units = models.ManyToManyField(
        "org.Unit", verbose_name=_("supporting units"), blank=True, related_name="+"
    )
    # 四定四包: who answers (定责任人), the duty (定责任), the staff (定人员),
    # the schedule (定时限).
    owner = models.CharField(_("person responsible"), max_length=60, blank=True)
    leader_in_charge = models.CharField(
        _("leader in charge"), max_length=60, blank=True
    )  # 包联领导
    duty = models.TextField(_("duty"), blank=True)
    staff = models.CharField(_("staff"), max_length=200, blank=True)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    deadline = models.DateField(pgettext_lazy("campaign", "deadline"))
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, default=Decimal(0))
    measure = models.CharField(_("measure"), max_length=20, blank=True)  # 处, 户, 条, 公里…
    figure_label = models.CharField(_("figure reported"), max_length=60, blank=True)
    is_key_project = models.BooleanField(_("key project"), default=False)
    budget_planned = models.DecimalField(
        _("budget planned (10k yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    budget_spent = models.DecimalField(
        _("budget spent (10k yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The reporting rule (see rules.py).
    frequency = models.CharField(
        _("reporting"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    cutoffs = models.JSONField(_("cut-off times"), default=list, blank=True)  # ["11:00", "16:00"]
    report_weekday = models.PositiveSmallIntegerField(_("weekday of the cut-off"), default=4)
    report_monthday = models.PositiveSmallIntegerField(_("day of month of the cut-off"), default=25)
    workdays_only = models.BooleanField(_("working days only"), default=False)
    version = models.PositiveIntegerField(default=1)
    # A task added to a campaign under way owes no report for a cut-off before it existed
    # (rules.counting_from).
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["campaign", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(target__gte=0), name="task_target_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def unit_id(self) -> int:
        return self.lead_unit_id

    @property
    def countable(self) -> bool:
        return is_countable(self.measure)


class Milestone(models.Model):
    """A dated point of the cumulative target: "45 structures demolished by 30 June"."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(_("date"))
    value = models.DecimalField(_("cumulative target"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["task", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["task", "due_on"], name="milestone_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.due_on}: {self.value}"


class Assignment(models.Model):
    """A unit that reports figures on a task, with its share of the target (包: the unit's part)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, default=Decimal(0))

    class Meta:
        verbose_name = _("reporting unit")
        verbose_name_plural = _("reporting units")
        ordering = ["task", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_once"),
        ]
        indexes = [models.Index(fields=["unit", "task"], name="assignment_unit")]

    def __str__(self) -> str:
        return f"{self.task} · {self.unit}"
