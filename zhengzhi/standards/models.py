"""The standard as versioned data, the measures units report, and the values they report.

A version (2021 national standard, the 2014 one, a county covert-visit scoring table, an
office's own local rules copied from one of them) holds a tree category → item → checkpoint, an
indicator table and its prerequisites (必备条件, 一票否决). Every entry says where it comes from
(`source`) and whether that is confirmed; shipped entries carry `shipped`, and `edited` once the
office changes them, so that loading a newer data file never overwrites the office's work.

Values belong to a measure (建成区绿化覆盖率…), not to one version's indicator: the 2014 and the
2021 rule on greening coverage judge the same reported figure.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.standards.rules import GRADES, RuleKind


class VersionKind(models.TextChoices):
    STANDARD = "standard", _("Standard with indicators")
    SCORED = "scored", _("Scored table")


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")


class ValueKind(models.TextChoices):
    NUMBER = "number", _("Number")
    YES_NO = "yes_no", _("Yes / no")
    GRADE = "grade", _("Grade A–D")


class Sourced(models.Model):
    """Where an entry comes from and whether that is confirmed; shipped / edited by the office."""

    source = models.CharField(_("source"), max_length=200, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    shipped = models.BooleanField(_("shipped with the application"), default=False)
    edited = models.BooleanField(_("edited by the office"), default=False)

    class Meta:
        abstract = True


class StandardVersion(Sourced):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        pgettext_lazy("standard", "kind"),
        max_length=10,
        choices=VersionKind.choices,
        default=VersionKind.STANDARD,
    )
    document = models.CharField(_("issuing document"), max_length=120, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Local rules (细则): a copy the office writes; it is never overwritten by a data file.
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    total_points = models.DecimalField(
        _("total points"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # A scored table's pass line: entered by the office (the shipped ones are unconfirmed).
    pass_line = models.DecimalField(
        _("pass line"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("standard version")
        verbose_name_plural = _("standard versions")
        ordering = ["-effective_from", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_local(self) -> bool:
        return self.copied_from_id is not None


class Category(Sourced):
    standard = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="categories"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("standard category")
        verbose_name_plural = _("standard categories")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="std_category_code")
        ]

    def __str__(self) -> str:
        return self.name


class Item(Sourced):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=20)
    number = models.CharField(_("number"), max_length=10, blank=True)
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(default=0)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2, null=True, blank=True)
    # Ledger problems of these categories concern this item (counts filled from the ledger).
    problem_categories = models.ManyToManyField(
        "ledger.Category",
        verbose_name=_("problem categories"),
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="std_item_code")]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:40]}".strip()


class Checkpoint(Sourced):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="checkpoints")
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(default=0)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "code"], name="std_checkpoint_code")]

    def __str__(self) -> str:
        return self.text[:60]


class Measure(Sourced):
    """What is reported: one figure (建成区绿化覆盖率, %), whichever version judges it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(pgettext_lazy("measure", "unit"), max_length=20, blank=True)
    value_kind = models.CharField(
        _("kind of value"), max_length=8, choices=ValueKind.choices, default=ValueKind.NUMBER
    )
    frequency = models.CharField(
        _("reported"), max_length=12, choices=Frequency.choices, default=Frequency.YEARLY
    )
    lead_department = models.ForeignKey(
        "org.Unit",
        verbose_name=_("lead department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Filled from the platform's own facts rather than typed (see standards.facts).
    fact = models.CharField(_("filled from"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Base(models.TextChoices):
    """What an absolute gap multiplies by (given per campaign by the office)."""

    BUILT_UP_AREA = "built_up_area", _("built-up area")
    POPULATION = "population", _("resident population")


class Indicator(Sourced):
    standard = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20)
    number = models.CharField(_("number"), max_length=10, blank=True)
    name = models.CharField(_("name"), max_length=160)
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="indicators")
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    rule = models.CharField(_("rule"), max_length=20, choices=RuleKind.choices)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_grade = models.CharField(
        _("grade required"), max_length=1, blank=True, choices=[(g, g) for g in GRADES]
    )
    years = models.PositiveSmallIntegerField(_("years in the mean"), default=5)
    target_text = models.CharField(_("target as written"), max_length=120, blank=True)
    # Only a condition of a prerequisite, not a row of the indicator table.
    in_table = models.BooleanField(_("in the indicator table"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    # The gap in absolute terms: gap × base (÷ 100 for a percentage), e.g. 绿地 in m².
    base = models.CharField(_("base"), max_length=20, blank=True, choices=Base.choices)
    absolute_label = models.CharField(_("what is missing"), max_length=40, blank=True)
    absolute_unit = models.CharField(_("unit of what is missing"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="std_indicator_code")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class Prerequisite(Sourced):
    """必备条件: fails the whole assessment (一票否决) unless every condition is met."""

    standard = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="prerequisites"
    )
    code = models.CharField(_("code"), max_length=20)
    number = models.CharField(_("number"), max_length=10, blank=True)
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(default=0)
    conditions = models.ManyToManyField(
        Indicator, verbose_name=_("conditions"), blank=True, related_name="prerequisites"
    )

    class Meta:
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="std_prerequisite_code")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:40]}".strip()


class ValueStatus(models.TextChoices):
    ENTERED = "entered", _("Awaiting confirmation")
    CONFIRMED = "confirmed", pgettext_lazy("value", "Confirmed")
    RETURNED = "returned", pgettext_lazy("value", "Returned")


class ValueSource(models.TextChoices):
    TYPED = "typed", _("Entered")
    SATISFACTION = "satisfaction", _("Follow-up calls, ratings and questionnaires")
    LEDGER = "ledger", _("Problem ledger")


class IndicatorValue(models.Model):
    """One reported figure of a measure for a unit and a period. A correction is a new row that
    replaces the current one (`current`); the history stays, and the gap analysis reads the
    latest confirmed row of each (measure, unit, period)."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="values")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("period"))  # its first day; a year's value: 1 January
    number = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    flag = models.BooleanField(_("yes / no"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=1, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    document = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("proving document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(
        _("source"), max_length=12, choices=ValueSource.choices, default=ValueSource.TYPED
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.ENTERED
    )
    current = models.BooleanField(default=True)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    return_reason = models.CharField(_("reason returned"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "unit", "period"],
                condition=Q(current=True),
                name="std_value_one_current",
            )
        ]
        indexes = [
            models.Index(fields=["measure", "status", "period"], name="std_value_measure"),
            models.Index(fields=["unit", "period"], name="std_value_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id}/{self.unit_id}/{self.period:%Y-%m}"

    @property
    def value(self):
        if self.grade:
            return self.grade
        if self.flag is not None:
            return self.flag
        return self.number


class CampaignStandard(models.Model):
    """A sanitary-city campaign's standard, review date and the office's bases."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="+"
    )
    standard = models.ForeignKey(StandardVersion, on_delete=models.PROTECT, related_name="+")
    scored_table = models.ForeignKey(
        StandardVersion,
        verbose_name=_("scored table"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_date = models.DateField(_("review date"))
    built_up_area = models.DecimalField(
        _("built-up area (km²)"), max_digits=10, decimal_places=3, null=True, blank=True
    )
    population = models.PositiveIntegerField(_("resident population"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("campaign standard")
        verbose_name_plural = _("campaign standards")

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.standard_id}"
