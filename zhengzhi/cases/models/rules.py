"""What surrounds the cases: their types and the office's settings (data), 查一补三 rules and
rechecks, enforcement operations, destruction batches, licence consequences and the yearly
figures an office enters beside the computed ones."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseType(models.Model):
    """A type of case (案由), shipped as data (migration 0002_shipped_case_types)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    group = models.CharField(_("group"), max_length=40, blank=True)  # 烟草, 食品, 燃气 …
    # The yearly table's 无证运输 column counts the cases of the types marked so.
    unlicensed_transport = models.BooleanField(_("counts as unlicensed transport"), default=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("case type")
        verbose_name_plural = _("case types")

    def __str__(self) -> str:
        return self.name


class CaseSettings(models.Model):
    """The office's settings, one row: the major-case threshold (重大案件, 万元)."""

    major_threshold = models.DecimalField(
        _("major case from (10,000 yuan)"), max_digits=10, decimal_places=2, default=Decimal(5)
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.major_threshold)


class RecheckRule(models.Model):
    """查一补三: a case of one of `case_types` at a site of one of `site_kinds` (codes; empty:
    any site) puts `count` rechecks at the site, due within `days` days of filing."""

    name = models.CharField(_("name"), max_length=60)
    case_types = models.ManyToManyField(CaseType, related_name="+", verbose_name=_("case types"))
    site_kinds = models.JSONField(_("site kinds"), default=list, blank=True)
    count = models.PositiveSmallIntegerField(_("rechecks"), default=3)
    days = models.PositiveSmallIntegerField(_("within days"), default=7)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("recheck rule")

    def __str__(self) -> str:
        return self.name


class Recheck(models.Model):
    class Result(models.TextChoices):
        NONE = "", pgettext_lazy("recheck result", "Not done")
        CLEAN = "clean", _("Nothing illegal found")
        FOUND = "found", _("Illegal goods found again")
        SHUT = "shut", _("Premises closed")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="rechecks")
    site = models.ForeignKey("site_registry.Site", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveSmallIntegerField()
    due_on = models.DateField(_("due on"), db_index=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.CharField(
        _("result"), max_length=8, choices=Result.choices, default="", blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    # The last state the worker told the unit about ("due", "overdue"): one notice each.
    notified = models.CharField(max_length=8, blank=True, default="", editable=False)

    class Meta:
        ordering = ["due_on", "seq"]
        verbose_name = _("recheck")
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="recheck_once_per_seq"),
        ]
        indexes = [
            models.Index(fields=["due_on"], name="recheck_open", condition=Q(done_at=None)),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq}"


class Operation(models.Model):
    """A named enforcement action (风暴十号): people and vehicles deployed, cases produced."""

    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("organising unit")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    people = models.PositiveIntegerField(_("people deployed (人次)"), default=0)
    vehicles = models.PositiveIntegerField(_("vehicles deployed (辆次)"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("enforcement operation")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="operation_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DestructionBatch(models.Model):
    """公开销毁: seized goods destroyed in public on a day at a place."""

    destroyed_on = models.DateField(_("destroyed on"))
    place = models.CharField(_("place"), max_length=200)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    quantity_unit = models.CharField(_("unit"), max_length=8, default="case")
    sticks = models.BigIntegerField(default=0, editable=False)
    value = models.DecimalField(_("value (10,000 yuan)"), max_digits=14, decimal_places=4)
    witnesses = models.CharField(_("supervised by"), max_length=200, blank=True)
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="destructions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-destroyed_on", "-id"]
        verbose_name = _("destruction batch")

    def __str__(self) -> str:
        return f"{self.destroyed_on} {self.place}"


class LicenceConsequence(models.Model):
    """What a case at a licensed retailer proposes for its licence, for the office to confirm."""

    class Kind(models.TextChoices):
        GRADE = "grade", _("Lower the customer grade")
        REVIEW = "review", _("Review the licence")
        SUPPLY = "supply", _("Check supply eligibility")

    class Decision(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("consequence", "Proposed")
        CONFIRMED = "confirmed", pgettext_lazy("consequence", "Confirmed")
        DISMISSED = "dismissed", pgettext_lazy("consequence", "Dismissed")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consequences")
    site = models.ForeignKey("site_registry.Site", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="consequence_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class YearFigures(models.Model):
    """The yearly table's entered figures (卷烟销量, 人均销量, 单箱均价) for a unit and year."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField(_("year"))
    sales_boxes = models.DecimalField(
        _("cigarette sales (boxes)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    per_capita = models.DecimalField(
        _("sales per person"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    box_price = models.DecimalField(
        _("average price per box (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="year_figures_once")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}"
