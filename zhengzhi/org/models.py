"""Units: departments (条), territories (块), leading groups and their offices, in one tree."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    TERRITORY = "territory", _("Territory")
    LEADING_GROUP = "leading_group", _("Leading group")
    OFFICE = "office", _("Office")


class TerritoryLevel(models.TextChoices):
    DISTRICT = "district", _("District / county")
    STREET = "street", _("Street / town")
    COMMUNITY = "community", _("Community / village")


# Digits of a territorial unit's division code at each level (GB/T 30428: 6 + 3 + 3; grids add 3).
DIVISION_CODE_LENGTH = {
    TerritoryLevel.DISTRICT: 6,
    TerritoryLevel.STREET: 9,
    TerritoryLevel.COMMUNITY: 12,
}


class Unit(MP_Node):
    # Materialised path (treebeard): "the units below" is one indexed prefix query.
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Short stable identifier used in imports."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    level = models.CharField(
        _("territory level"), max_length=20, choices=TerritoryLevel.choices, blank=True
    )
    division_code = models.CharField(_("division code"), max_length=12, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Siblings in the order clerks expect: territories by division code (the civil-affairs
    # order), others by name.
    node_order_by = ["kind", "division_code", "name"]

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="territory") & ~models.Q(level=""))
                | (~models.Q(kind="territory") & models.Q(level="")),
                name="unit_level_only_for_territory",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_office(self) -> bool:
        return self.kind in (UnitKind.OFFICE, UnitKind.LEADING_GROUP)
