"""Grids (网格), street segments (路段, 门前五包) and territorial unit boundaries.

Geometry is GeoJSON (WGS84 lon/lat) in a JSONField and is worked on with shapely in Python, so
the same code runs on SQLite and PostgreSQL without PostGIS. The bounding box is kept in columns
so that "grids near here" is an indexed range query.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

GRID_CODE_LENGTH = 15

grid_code_validator = RegexValidator(
    r"^\d{15}\Z",
    _("A grid code has 15 digits: division 6 + street 3 + community 3 + sequence 3."),
)


class BBoxMixin(models.Model):
    min_lon = models.FloatField(_("west"))
    min_lat = models.FloatField(_("south"))
    max_lon = models.FloatField(_("east"))
    max_lat = models.FloatField(_("north"))

    class Meta:
        abstract = True

    @property
    def center(self) -> tuple[float, float]:
        return ((self.min_lon + self.max_lon) / 2, (self.min_lat + self.max_lat) / 2)


class Grid(BBoxMixin):
    # The 15-digit code of GB/T 30428: its first 12 digits are the community's division code.
    code = models.CharField(
        _("grid code"), max_length=GRID_CODE_LENGTH, unique=True, validators=[grid_code_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        "org.Unit",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="grids",
        limit_choices_to={"kind": "territory", "level": "community"},
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("grid worker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grids",
    )
    # Kept as text as well: many grid workers have no account, and the name on the map must
    # survive the account being removed.
    worker_name = models.CharField(_("grid worker name"), max_length=60, blank=True)
    worker_phone = models.CharField(_("grid worker phone"), max_length=30, blank=True)
    responsible_party = models.CharField(_("responsible party"), max_length=200, blank=True)
    geometry = models.JSONField(_("geometry"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["community", "code"], name="grid_community_code"),
            models.Index(fields=["min_lon", "min_lat"], name="grid_bbox_sw"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Segment(BBoxMixin):
    """A street stretch whose frontage someone answers for (门前五包: 包卫生, 包绿化, 包秩序...)."""

    code = models.SlugField(
        _("segment code"),
        max_length=40,
        unique=True,
        help_text=_("Short stable identifier used in imports."),
    )
    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="segments",
    )
    responsible_party = models.CharField(_("responsible party"), max_length=200, blank=True)
    community = models.ForeignKey(
        "org.Unit",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community_segments",
        limit_choices_to={"kind": "territory", "level": "community"},
    )
    geometry = models.JSONField(_("geometry"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("street segment")
        verbose_name_plural = _("street segments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class UnitBoundary(BBoxMixin):
    """The outline of a territorial unit: where a point in no grid still has an owner (属地兜底)."""

    unit = models.OneToOneField(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="boundary",
        limit_choices_to={"kind": "territory"},
    )
    geometry = models.JSONField(_("geometry"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("unit boundary")
        verbose_name_plural = _("unit boundaries")

    def __str__(self) -> str:
        return str(self.unit)


class TerritoryVersion(models.Model):
    """One row whose number goes up with every change of grids or boundaries: each process
    compares it with the version its routing index was built from, every few seconds."""

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("territory version")
        verbose_name_plural = _("territory versions")

    def __str__(self) -> str:
        return str(self.version)
