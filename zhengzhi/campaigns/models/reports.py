"""Progress reports, pledges and the worker's once-per-slot alerts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgressReport(models.Model):
    """One unit's figure for one reporting slot of one task.

    A correction writes a new row and keeps the old one (is_current=False, replaced_by set), so
    the history of what was reported stays. Only current rows count.
    """

    assignment = models.ForeignKey(
        "campaigns.Assignment", on_delete=models.PROTECT, related_name="reports"
    )
    # Copies of the assignment's keys: the dispatch sheet groups on them without a join.
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey("campaigns.Task", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    # The day (daily rule), the Monday (weekly) or the first of the month (monthly) reported on.
    period = models.DateField(_("period"))
    slot = models.PositiveSmallIntegerField(_("slot"), default=0)  # which cut-off of the day
    cutoff_at = models.DateTimeField(_("cut-off"))
    figure = models.DecimalField(_("figure"), max_digits=12, decimal_places=2)
    text = models.TextField(pgettext_lazy("campaign", "progress"), blank=True)
    submitted_at = models.DateTimeField(pgettext_lazy("campaign", "submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    late = models.BooleanField(pgettext_lazy("campaign", "late"), default=False)
    is_current = models.BooleanField(default=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    reason = models.CharField(_("reason for the correction"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period", "slot"],
                condition=models.Q(is_current=True),
                name="report_current_once_per_slot",
            ),
        ]
        indexes = [
            # The dispatch sheet: a campaign's current rows up to a day, by task and unit.
            models.Index(
                fields=["campaign", "period", "task", "unit"],
                condition=models.Q(is_current=True),
                name="report_sheet",
            ),
            models.Index(fields=["assignment", "period"], name="report_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period} #{self.slot}: {self.figure}"


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet signed")
    SIGNED = "signed", _("Signed")


class Pledge(models.Model):
    """目标责任书: a unit's targets within the campaign, signed; the document is attached."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="pledges"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    # The targets as signed: [{"task": id, "title": ..., "target": "12", "measure": "处"}].
    targets = models.JSONField(_("targets"), default=list, blank=True)
    commitments = models.TextField(_("other commitments"), blank=True)
    signatory = models.CharField(_("signed by"), max_length=60, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PledgeStatus.choices, default=PledgeStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A signed pledge is never rewritten: when the targets change, the office re-draws it as a
    # new unsigned version and the signed one stays, no longer current, as its history.
    is_current = models.BooleanField(_("current version"), default=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["campaign", "unit__path", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                condition=models.Q(is_current=True),
                name="pledge_once_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.unit}"


class AlertKind(models.TextChoices):
    REMIND = "remind", _("Reminder before the cut-off")
    MISSING = "missing", _("Missing after the cut-off")


class SlotAlert(models.Model):
    """The worker's claim that it has reminded (or listed the missing) for one cut-off: each
    once per campaign, cut-off and kind, however often the job runs."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    cutoff_at = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    at = models.DateTimeField()
    units = models.JSONField(default=list)  # the units told (remind) or listed (missing)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "cutoff_at", "kind"], name="slot_alert_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.cutoff_at:%Y-%m-%d %H:%M} {self.kind}"


class CampaignTemplate(models.Model):
    """A template an office wrote (or exported from a campaign); shipped ones are data files."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    data = models.JSONField(_("template"))
    office_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign template")
        verbose_name_plural = _("campaign templates")

    def __str__(self) -> str:
        return self.name

    @property
    def unit_id(self) -> int:
        return self.office_unit_id
