"""Visits (to a site, a segment or a point) and the answers given on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.inspections.models.plans import Window


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SUBMITTED = "submitted", pgettext_lazy("visit status", "Submitted")
    CANCELLED = "cancelled", _("Cancelled")


class Visit(models.Model):
    plan = models.ForeignKey(
        "inspections.Plan",
        verbose_name=pgettext_lazy("inspection", "plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    checklist_version = models.ForeignKey(
        "inspections.ChecklistVersion",
        verbose_name=_("checklist"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    site = models.ForeignKey(
        "site_registry.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    segment = models.ForeignKey(
        "territory.Segment",
        verbose_name=_("segment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # What kind of place a visit added by hand is (医院, 机关 ...): the technical assessment's
    # rows the registry holds no places for are counted by it on the plan's page.
    place_label = models.CharField(_("kind of place"), max_length=40, blank=True)
    # The inspected unit (the place's owner, 属地), its grid and street: scope and results.
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit inspected"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    grid = models.ForeignKey(
        "territory.Grid", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    street = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("day"), db_index=True)
    window = models.CharField(_("time window"), max_length=10, blank=True, choices=Window.choices)
    covert = models.BooleanField(_("covert"), default=False)
    # The problem a recheck visit verifies (复查 = 核查 of a problem an inspection opened).
    recheck_of = models.ForeignKey(
        "ledger.Problem",
        verbose_name=_("recheck of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The follow-up rule that made the visit (followups.RuleKind), and the case's 查一补三
    # recheck it carries out: made once each.
    rule = models.CharField(_("follow-up rule"), max_length=10, blank=True, default="")
    case_recheck = models.OneToOneField(
        "cases.Recheck",
        verbose_name=_("case recheck"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # The inspector the worker told of the visit (services.notices): told once each.
    told_inspector = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    # Given by the phone for the submission: sending it twice makes one visit.
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(
        _("points that applied"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(_("failed items"), default=0)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recheck_of", "rule"],
                condition=~models.Q(rule=""),
                name="visit_follow_up_once",
            )
        ]
        indexes = [
            models.Index(fields=["inspector", "due_on"], name="visit_inspector_day"),
            models.Index(fields=["unit", "submitted_at"], name="visit_unit_submitted"),
            models.Index(fields=["status", "submitted_at"], name="visit_status_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.due_on}"


class Result(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NA = "na", _("Not applicable")


class Answer(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(
        "inspections.ChecklistItem", on_delete=models.PROTECT, related_name="answers"
    )
    result = models.CharField(_("result"), max_length=4, choices=Result.choices)
    findings = models.PositiveSmallIntegerField(_("findings"), default=0)
    points = models.DecimalField(
        _("points given"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    photo = models.ForeignKey(
        "files.StoredFile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The problem the failure opened, or the one already open for the same item and place.
    problem = models.ForeignKey(
        "ledger.Problem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    linked = models.BooleanField(_("linked to an open problem"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="answer_once")]
        indexes = [models.Index(fields=["problem"], name="answer_problem")]

    def __str__(self) -> str:
        return f"{self.visit_id}/{self.item_id}: {self.result}"
