"""The case itself: its number, party, goods, money, people and state, and its transfers."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseState(models.TextChoices):
    FILED = "filed", pgettext_lazy("case state", "Filed")  # 立案
    INVESTIGATED = "investigated", pgettext_lazy("case state", "Investigated")  # 调查终结
    DECIDED = "decided", pgettext_lazy("case state", "Decided")  # 处罚决定
    EXECUTED = "executed", pgettext_lazy("case state", "Executed")  # 执行完毕
    CLOSED = "closed", pgettext_lazy("case state", "Closed")  # 结案
    TRANSFERRED = "transferred", pgettext_lazy("case state", "Transferred")  # 移送


# The way forward; a transfer may be made from any state before closing.
NEXT_STATE = {
    CaseState.FILED: CaseState.INVESTIGATED,
    CaseState.INVESTIGATED: CaseState.DECIDED,
    CaseState.DECIDED: CaseState.EXECUTED,
    CaseState.EXECUTED: CaseState.CLOSED,
}
OPEN_STATES = (CaseState.FILED, CaseState.INVESTIGATED, CaseState.DECIDED, CaseState.EXECUTED)


class TransferBody(models.TextChoices):
    POLICE = "police", _("Public security (公安)")
    PROCURATORATE = "procuratorate", _("Procuratorate (检察院)")
    COURT = "court", _("Court (法院)")
    MARKET = "market", _("Market regulation (工商/市场监管)")


class Outcome(models.TextChoices):
    NONE = "", pgettext_lazy("transfer outcome", "None yet")
    DETAINED = "detained", _("Criminal detention (刑拘)")
    ARRESTED = "arrested", _("Arrest approved (批捕)")
    SENTENCED = "sentenced", _("Sentenced (判刑)")
    CUSTODY = "custody", _("Short-term custody (拘役)")
    PENALISED = "penalised", _("Administrative penalty")


class GoodsUnit(models.TextChoices):
    STICK = "stick", pgettext_lazy("goods unit", "stick (支)")
    PACK = "pack", pgettext_lazy("goods unit", "pack (包)")
    CARTON = "carton", pgettext_lazy("goods unit", "carton (条)")
    CASE = "case", pgettext_lazy("goods unit", "case (件)")
    WAN_STICKS = "wan", pgettext_lazy("goods unit", "10,000 sticks (万支)")
    KG = "kg", pgettext_lazy("goods unit", "kg")
    PIECE = "piece", pgettext_lazy("goods unit", "piece (个)")


# Cigarettes per unit: 1 包 = 20 支, 1 条 = 10 包 = 200 支, 1 件 = 50 条 = 10,000 支 (1 万支).
STICKS_PER_UNIT: dict[str, int] = {
    GoodsUnit.STICK: 1,
    GoodsUnit.PACK: 20,
    GoodsUnit.CARTON: 200,
    GoodsUnit.CASE: 10_000,
    GoodsUnit.WAN_STICKS: 10_000,
}
WAN = Decimal(10_000)


class CaseSequence(models.Model):
    """One row per year: the last case number handed out, taken under a row lock."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}:{self.last}"


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=20, unique=True)
    year = models.PositiveIntegerField(_("year"), editable=False)
    case_type = models.ForeignKey(
        "cases.CaseType", on_delete=models.PROTECT, related_name="cases", verbose_name=_("type")
    )
    # A site of the registry, or a person and vehicle (无证运输 on the road).
    site = models.ForeignKey(
        "site_registry.Site",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("site"),
    )
    party = models.CharField(_("party (当事人)"), max_length=100, blank=True)
    party_id_number = models.CharField(_("ID number"), max_length=30, blank=True)
    vehicle = models.CharField(_("vehicle plate"), max_length=20, blank=True)
    place = models.CharField(_("place found"), max_length=200, blank=True)
    summary = models.TextField(_("facts"), blank=True)
    # 案值 in 万元; the goods' 支 summed in `sticks` by the services (tables sum it in 万支).
    value = models.DecimalField(_("case value (10,000 yuan)"), max_digits=14, decimal_places=4)
    sticks = models.BigIntegerField(_("cigarettes (sticks)"), default=0, editable=False)
    counterfeit = models.BooleanField(_("counterfeit goods"), default=False)
    # Marked at filing (and when the value changes) against the office's threshold: 督办.
    major = models.BooleanField(_("major case (supervised)"), default=False, editable=False)
    # 罚没款 in yuan, as the decision states them.
    fine = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, default=0)
    confiscation = models.DecimalField(
        _("confiscated money (yuan)"), max_digits=14, decimal_places=2, default=0
    )
    paid = models.DecimalField(_("paid (yuan)"), max_digits=14, decimal_places=2, default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    handling_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="handled_cases",
        verbose_name=_("handling unit"),
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("officers")
    )
    operation = models.ForeignKey(
        "cases.Operation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        verbose_name=_("operation"),
    )
    found_on = models.DateField(_("found on"))
    filed_on = models.DateField(_("filed on"), db_index=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=CaseState.choices, default=CaseState.FILED
    )
    # Kept from the case's transfers by the services (zhengzhi.cases.services.states), so
    # that the tables read every figure in one pass over the cases: the bodies it went to
    # (one flag per TransferBody: to_<body>) and the people by outcome.
    to_police = models.BooleanField(default=False, editable=False)
    to_procuratorate = models.BooleanField(default=False, editable=False)
    to_court = models.BooleanField(default=False, editable=False)
    to_market = models.BooleanField(default=False, editable=False)
    detained = models.PositiveIntegerField(default=0, editable=False)
    arrested = models.PositiveIntegerField(default=0, editable=False)
    sentenced = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["filed_on", "case_type"], name="case_filed_type"),
            models.Index(fields=["handling_unit", "filed_on"], name="case_unit_filed"),
            models.Index(fields=["site", "filed_on"], name="case_site_filed"),
            models.Index(fields=["state"], name="case_major_open", condition=Q(major=True)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="case_value_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def unit_id(self) -> int:
        """The unit the audit log files the case under."""
        return self.handling_unit_id

    @property
    def penalty_total(self) -> Decimal:
        return self.fine + self.confiscation

    @property
    def wan_sticks(self) -> Decimal:
        return Decimal(self.sticks) / WAN


class SeizedGoods(models.Model):
    """One line of what was seized: 品名/规格, quantity and unit; `sticks` for cigarettes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goods")
    description = models.CharField(_("goods"), max_length=120)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=8, choices=GoodsUnit.choices)
    sticks = models.BigIntegerField(default=0, editable=False)
    counterfeit = models.BooleanField(_("counterfeit"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("seized goods")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="goods_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.description} {self.quantity} {self.unit}"


class CaseTransfer(models.Model):
    """A hand-over (移送) to another body, with what it did and to how many people."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    body = models.CharField(_("receiving body"), max_length=16, choices=TransferBody.choices)
    # The receiving body's own account unit (a police sub-bureau): it reads the case.
    receiving_unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_cases",
        verbose_name=_("receiving unit"),
    )
    receiving_name = models.CharField(_("receiving body's name"), max_length=100, blank=True)
    transferred_on = models.DateField(_("transferred on"))
    document_number = models.CharField(_("transfer document number"), max_length=60, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default="", blank=True
    )
    people = models.PositiveIntegerField(_("people"), default=0)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    outcome_note = models.CharField(_("outcome note"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["transferred_on", "id"]
        verbose_name = _("transfer")
        indexes = [models.Index(fields=["body", "case"], name="case_transfer_body")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.body}"
