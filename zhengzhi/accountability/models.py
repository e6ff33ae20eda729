"""The accountability ladder (问责): what follows a bad figure, proposed by the platform from rules
the office edits, issued only when the office approves.

- `LadderRule`: a rule as data. "A problem overdue by N days" proposes a 督查单 (so much per
  problem, split between the people named by shares such as 3:3:4) or a 督办函 (责任金 for the
  leader in charge and for the head; each further letter on the same matter multiplies them; after
  the letters allowed, the next step is 问责, a referral to the discipline committee).
- `Record`: one step of the ladder against one unit: its kind, basis (the problems, why), the
  amounts and who pays them, its approval, the .docx as issued (`RecordDocument`), the unit's
  written response. A proposal is seen by the office only; an issued record by the office, the
  leaders and the unit (and the units above it).
- `RecordProblem`: the problems a record rests on; (kind, problem, step) is unique, so the same
  step on the same matter is never proposed twice, whatever the office decided the first time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RecordKind(models.TextChoices):
    SHEET = "sheet", _("Supervision sheet (督查单)")
    LETTER = "letter", _("Supervision letter (督办函)")
    YELLOW_CARD = "yellow", _("Yellow card (黄牌示警)")
    TALK = "talk", _("Admonitory talk (约谈)")
    REFERRAL = "referral", _("Referral to the discipline committee (移交纪委)")
    MISSED = "missed", _("Missed problem of an inspector (漏查)")


# What each kind is called in its document's masthead.
DOCUMENT_NAMES: dict[str, str] = {
    RecordKind.SHEET: "督查单",
    RecordKind.LETTER: "督办函",
    RecordKind.YELLOW_CARD: "黄牌示警通知",
    RecordKind.TALK: "约谈通知",
    RecordKind.REFERRAL: "问责移送函",
    RecordKind.MISSED: "漏查通报",
}


class Trigger(models.TextChoices):
    OVERDUE = "overdue", _("A problem overdue by N days")
    RANKING = "ranking", _("Ranked in the bottom N places of the monthly ranking K months running")
    BACKLOG = "backlog", _("N or more problems overdue by more than D days")
    LETTERS = "letters", _("N or more supervision letters within the period")


# Which triggers each kind may use: the sheet and the letter follow a problem; the yellow card
# and the talk follow a unit's record over a period.
KIND_TRIGGERS: dict[str, tuple[str, ...]] = {
    "sheet": (Trigger.OVERDUE,),
    "letter": (Trigger.OVERDUE,),
    "yellow": (Trigger.RANKING, Trigger.BACKLOG, Trigger.LETTERS),
    "talk": (Trigger.RANKING, Trigger.BACKLOG, Trigger.LETTERS),
}


class RulePeriod(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


# The levels units are compared at (the ledger's ranking, the assessment, the lists).
class AssessmentLevel(models.TextChoices):
    COMMUNITY = "community", _("Communities")
    STREET = "street", _("Streets and towns")
    DEPARTMENT = "department", _("Departments")


def default_shares() -> list:
    return [["区城管局长", 3], ["街道党政主要负责人", 3], ["城管副局长", 4]]


class LadderRule(models.Model):
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(
        _("proposes"),
        max_length=10,
        choices=[
            (RecordKind.SHEET, RecordKind.SHEET.label),
            (RecordKind.LETTER, RecordKind.LETTER.label),
            (RecordKind.YELLOW_CARD, RecordKind.YELLOW_CARD.label),
            (RecordKind.TALK, RecordKind.TALK.label),
        ],
    )
    trigger = models.CharField(
        _("when"), max_length=10, choices=Trigger.choices, default=Trigger.OVERDUE
    )
    # The thresholds of the unit triggers (yellow card, talk).
    count = models.PositiveSmallIntegerField(
        _("N"),
        default=1,
        help_text=_(
            "Ranking: the bottom N places; overdue problems: at least N; letters: at least N."
        ),
    )
    months = models.PositiveSmallIntegerField(
        _("months running"), default=2, help_text=_("Ranking: K months in a row.")
    )
    level = models.CharField(
        _("ranked units"),
        max_length=12,
        choices=AssessmentLevel.choices,
        default="street",
        help_text=_("Ranking: which units are compared."),
    )
    period = models.CharField(
        _("at most once a"),
        max_length=8,
        choices=RulePeriod.choices,
        default=RulePeriod.MONTH,
        help_text=_("Overdue problems and letters: counted and proposed once per period."),
    )
    each_finding = models.BooleanField(
        _("also each time an inspection finds the problem again"),
        default=True,
        help_text=_("Supervision sheet: a new line each time a visit finds an open problem."),
    )
    days = models.PositiveSmallIntegerField(
        _("days"),
        default=3,
        help_text=_(
            "Overdue by this many days; for a further letter, this many days after the last one."
        ),
    )
    per_problem = models.PositiveIntegerField(
        _("yuan per problem"), default=100, help_text=_("Supervision sheet: each time found.")
    )
    shares = models.JSONField(
        _("split between"),
        default=default_shares,
        help_text=_("Supervision sheet: who pays and in what proportion, e.g. 3:3:4."),
    )
    leader_amount = models.PositiveIntegerField(
        _("leader in charge (yuan)"), default=300, help_text=_("Supervision letter: 责任金.")
    )
    head_amount = models.PositiveIntegerField(
        _("head of the unit (yuan)"), default=500, help_text=_("Supervision letter: 责任金.")
    )
    repeat_factor = models.PositiveSmallIntegerField(
        _("each further letter multiplies by"), default=2
    )
    letters = models.PositiveSmallIntegerField(
        _("letters before 问责"),
        default=2,
        help_text=_("After the last letter the head criticises themselves in public."),
    )
    issuer = models.CharField(
        _("issuing body"), max_length=80, default="创建国家卫生城市工作领导小组办公室"
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("accountability rule")
        verbose_name_plural = _("accountability rules")
        ordering = ["kind", "days", "pk"]

    def __str__(self) -> str:
        return self.name


class RecordStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("accountability", "Proposed")
    ISSUED = "issued", pgettext_lazy("accountability", "Issued")
    ANSWERED = "answered", _("Answered")
    DISMISSED = "dismissed", _("Dismissed")


class Record(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=RecordKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.PROPOSED
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    rule = models.ForeignKey(
        LadderRule, on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    step = models.PositiveSmallIntegerField(
        _("step"), default=1, help_text=_("The how-many-th letter on the same matter.")
    )
    basis = models.TextField(_("basis"))
    penalties = models.JSONField(_("amounts"), default=list, blank=True)
    total = models.PositiveIntegerField(_("total (yuan)"), default=0)
    # A unit trigger's period ("2026-11", "2026-Q4"): one proposal per rule, unit and period.
    period_key = models.CharField(_("proposal period"), max_length=12, blank=True, default="")
    self_criticism = models.BooleanField(_("public self-criticism required"), default=False)
    proposed_at = models.DateTimeField(_("proposed"))
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    office_note = models.TextField(_("the office's note"), blank=True)
    response = models.TextField(_("the unit's response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "number"],
                condition=Q(number__isnull=False),
                name="acc_record_number",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "dismissed"])
                | Q(number__isnull=False, approved_at__isnull=False),
                name="acc_record_issued_numbered",
            ),
            models.UniqueConstraint(
                fields=["rule", "unit", "period_key"],
                condition=~Q(period_key=""),
                name="acc_record_once_per_period",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="acc_record_unit"),
            models.Index(fields=["status", "-proposed_at"], name="acc_record_status"),
        ]

    def __str__(self) -> str:
        name = DOCUMENT_NAMES.get(self.kind, self.kind)
        if self.number:
            return f"{name}〔{self.year}〕{self.number}号"
        return f"{name}（建议稿 {self.pk}）"

    @property
    def is_issued(self) -> bool:
        return self.status in (RecordStatus.ISSUED, RecordStatus.ANSWERED)


class RecordProblem(models.Model):
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="items")
    problem = models.ForeignKey("ledger.Problem", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=RecordKind.choices)
    step = models.PositiveSmallIntegerField(default=1)
    # A 督查单 line for an inspection's new finding of the open problem (each time it is found):
    # one line per finding, whatever the office decided the first time.
    finding = models.ForeignKey(
        "inspections.Answer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "problem", "step"],
                condition=Q(finding__isnull=True),
                name="acc_item_once_per_step",
            ),
            models.UniqueConstraint(
                fields=["kind", "finding"],
                condition=Q(finding__isnull=False),
                name="acc_item_once_per_finding",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_id}/{self.problem_id}"


class RecordDocument(models.Model):
    """The .docx as issued, byte for byte: served as it is, never rebuilt."""

    record = models.OneToOneField(Record, on_delete=models.PROTECT, related_name="document")
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.record_id}.docx"


class AssessmentScheme(models.Model):
    """The 考核细则 as data: which facts count, with what weight, and the accountability
    deductions with their cap. `items` is validated by assessment.scheme.item_errors."""

    name = models.CharField(_("name"), max_length=80)
    level = models.CharField(
        _("units assessed"),
        max_length=12,
        choices=AssessmentLevel.choices,
        default=AssessmentLevel.STREET,
    )
    items = models.JSONField(_("items"), default=list)
    deductions = models.JSONField(_("points deducted per record"), default=dict, blank=True)
    deduction_cap = models.DecimalField(
        _("at most deducted"), max_digits=6, decimal_places=2, default=20
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


# ---- red and black lists (红榜/黑榜, 红旗/黑旗) --------------------------------------------------


class Board(models.TextChoices):
    RED = "red", _("Red list (红榜/红旗)")
    BLACK = "black", _("Black list (黑榜/黑旗)")


class ListSubject(models.TextChoices):
    UNIT = "unit", _("Units")
    SITE = "site", _("Sites")


class ListBasis(models.TextChoices):
    ASSESSMENT = "assessment", _("The month's assessment points")
    INSPECTION = "inspection", _("Inspection and appraisal scores (观摩评比)")


class ListFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly (周观摩)")
    MONTHLY = "monthly", _("Monthly")


class ListRule(models.Model):
    """Who goes on a list, decided from the period's facts: the best (red) or the worst (black)
    `places` units or sites by the basis, optionally only above (red) or below (black) a
    threshold. The platform proposes, the office confirms."""

    name = models.CharField(_("name"), max_length=80)
    label = models.CharField(
        _("what it is called"), max_length=20, help_text=_("e.g. 红旗, 黑旗, 卫生示范街")
    )
    board = models.CharField(_("list"), max_length=6, choices=Board.choices)
    subject = models.CharField(
        _("for"), max_length=6, choices=ListSubject.choices, default=ListSubject.UNIT
    )
    basis = models.CharField(_("decided by"), max_length=12, choices=ListBasis.choices)
    level = models.CharField(
        _("units"), max_length=12, choices=AssessmentLevel.choices, default="community"
    )
    plan_kinds = models.JSONField(
        _("inspection kinds"),
        default=list,
        blank=True,
        help_text=_("Only visits of these plan kinds (empty: every visit)."),
    )
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=ListFrequency.choices, default="monthly"
    )
    places = models.PositiveSmallIntegerField(_("places"), default=3)
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Red: at least this score; black: below it (empty: no threshold)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("list rule")
        verbose_name_plural = _("list rules")
        ordering = ["board", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("accountability", "Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class ListEntry(models.Model):
    rule = models.ForeignKey(ListRule, on_delete=models.PROTECT, related_name="entries")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    key = models.CharField(max_length=24)  # "unit:12" / "site:34": one entry per subject
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    site = models.ForeignKey(
        "site_registry.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank"))
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default="proposed"
    )
    proposed_at = models.DateTimeField(_("proposed"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "period_start", "key"], name="acc_list_entry_once"
            )
        ]
        indexes = [models.Index(fields=["status", "-period_start"], name="acc_list_status")]

    def __str__(self) -> str:
        return f"{self.rule.label} {self.name} {self.period_start}"


class ConsequenceRule(models.Model):
    """What follows a black flag, as data (seed 001 篇四 is shipped): `streak` 1, each time;
    4, on the fourth in a row (and every fourth after). `actions`: [{"who", "what", "amount"}]."""

    name = models.CharField(_("name"), max_length=80)
    streak = models.PositiveSmallIntegerField(_("in a row"), default=1)
    actions = models.JSONField(_("actions"), default=list)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("consequence rule")
        verbose_name_plural = _("consequence rules")
        ordering = ["streak", "pk"]

    def __str__(self) -> str:
        return self.name


class Consequence(models.Model):
    entry = models.ForeignKey(ListEntry, on_delete=models.PROTECT, related_name="consequences")
    rule = models.ForeignKey(ConsequenceRule, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    streak = models.PositiveSmallIntegerField(_("in a row"))
    actions = models.JSONField(_("actions"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default="proposed"
    )
    proposed_at = models.DateTimeField(_("proposed"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("consequence")
        verbose_name_plural = _("consequences")
        constraints = [
            models.UniqueConstraint(fields=["entry", "rule"], name="acc_consequence_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule.name} {self.unit_id}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report", "Draft")
    ISSUED = "issued", pgettext_lazy("report", "Issued")


class CampaignReport(models.Model):
    """A campaign's summary report (总结报告), generated at any time from the facts: the
    bulletin sections over the campaign's whole period, the standard's gaps before and after,
    the ladder's records, the office's own texts and chosen photos. A draft until the office
    approves it (services/reports.py); the PDF follows from the worker."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    opening = models.TextField(_("the office's summary"), blank=True)
    closing = models.TextField(_("next steps"), blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    data = models.JSONField(default=dict)
    docx = models.BinaryField()
    pdf = models.BinaryField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("generated"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    photo_choices = models.JSONField(default=list, blank=True)  # typical problems' ids
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    pdf_error = models.CharField(max_length=300, blank=True)
    pdf_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("campaign summary report")
        verbose_name_plural = _("campaign summary reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class SupervisionGroup(models.Model):
    """A resident supervision group (督导组, seed 004): its members, the areas it answers for
    and its powers. Its visits and findings are recorded through the inspections app (joint or
    open inspection plans whose team holds its members, in its areas)."""

    name = models.CharField(_("name"), max_length=80)
    leader = models.CharField(_("group leader"), max_length=80, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="+", blank=True
    )
    areas = models.ManyToManyField("org.Unit", verbose_name=_("areas"), related_name="+")
    powers = models.TextField(_("powers"), blank=True, help_text=_("e.g. 督查、督办、约谈"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("supervision group")
        verbose_name_plural = _("supervision groups")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


# A finalised assessment lives beside the assessment's code; registered with the app here.
from zhengzhi.accountability.assessment.models import AssessmentResult  # noqa: E402, F401
