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
