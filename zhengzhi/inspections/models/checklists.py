"""Checklists as data: a checklist, its versions (a visit keeps the one it used) and their items,
each tied to a standard's item or checkpoint where one exists."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    MARKET = "market", _("Farmers' market")  # 农贸市场
    SMALL_TRADE = "small_trade", _("Small trades")  # 八小/六小
    TOILET = "toilet", _("Public toilet")
    STREET = "street", _("Back street or road")
    VILLAGE = "village", _("Urban village")
    BUILDING_SITE = "building_site", _("Building site")
    GAS_USER = "gas_user", _("Gas user")
    FOOD_WORKSHOP = "food_workshop", _("Food workshop")
    TOBACCO = "tobacco", _("Tobacco retailer")
    SCHOOL = "school", _("School surroundings")
    AREA = "area", _("Whole area (scored table)")


class Checklist(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    place_kind = models.CharField(_("place kind"), max_length=20, choices=PlaceKind.choices)
    # Site kinds (sites.SiteKind codes) the checklist is used at; empty: a segment or a point.
    site_kinds = models.JSONField(_("site kinds"), default=list, blank=True)
    # A scored table of a standard (the county covert-visit table): its items are the
    # standard's categories, read from the standards app, never copied into a data file.
    standard = models.ForeignKey(
        "standards.StandardVersion",
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    shipped = models.BooleanField(_("shipped with the application"), default=False)
    edited = models.BooleanField(_("edited by the office"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    current = models.ForeignKey(
        "inspections.ChecklistVersion",
        verbose_name=_("current version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["place_kind", "code"]

    def __str__(self) -> str:
        return self.name


class ChecklistVersion(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # In percent of the points of the items that apply; None: not known (the office enters it).
    pass_line = models.DecimalField(
        _("pass line (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    total_points = models.DecimalField(_("total points"), max_digits=8, decimal_places=2)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="checklist_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.checklist.name} v{self.number}"


class Scoring(models.TextChoices):
    PASS_FAIL = "pass_fail", _("Pass or fail")
    DEDUCTION = "deduction", _("Points less a deduction per finding")
    POINTS = "points", _("Points in bands")


class ChecklistItem(models.Model):
    version = models.ForeignKey(ChecklistVersion, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=30)
    section = models.CharField(_("section"), max_length=60)
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(default=0)
    scoring = models.CharField(
        _("scoring"), max_length=10, choices=Scoring.choices, default=Scoring.PASS_FAIL
    )
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2, default=Decimal(1))
    deduction = models.DecimalField(
        _("deduction per finding"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # [{"min": 18, "max": 20, "label": "好"}, ...]; a band with "fails": true is a failure
    # (by default the lowest band).
    bands = models.JSONField(_("bands"), default=list, blank=True)
    photo_required = models.BooleanField(_("photo required on failure"), default=True)
    problem_category = models.ForeignKey(
        "ledger.Category",
        verbose_name=_("problem category a failure opens"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    standard_item = models.ForeignKey(
        "standards.Item",
        verbose_name=_("standard's item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checkpoint = models.ForeignKey(
        "standards.Checkpoint",
        verbose_name=_("standard's checkpoint"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    standard_category = models.ForeignKey(
        "standards.Category",
        verbose_name=_("standard's part"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="checklist_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:40]}"
