"""The timeline of a problem, its pending requests and the once-only alerts of the worker."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    REPORT = "report", _("Reported")
    REGISTER = "register", _("Registered")
    REJECT = "reject", _("Not registered")
    DISPATCH = "dispatch", _("Dispatched")
    ACCEPT = "accept", _("Accepted")
    REQUEST_RETURN = "request_return", _("Return requested")
    APPROVE_RETURN = "approve_return", _("Return approved")
    DENY_RETURN = "deny_return", _("Return denied")
    REQUEST_EXTENSION = "request_extension", _("Extension requested")
    APPROVE_EXTENSION = "approve_extension", _("Extension approved")
    DENY_EXTENSION = "deny_extension", _("Extension denied")
    REQUEST_DEFERRAL = "request_deferral", _("Deferral requested")
    APPROVE_DEFERRAL = "approve_deferral", _("Deferral approved")
    DENY_DEFERRAL = "deny_deferral", _("Deferral denied")
    REPORT_BACK = "report_back", _("Reported back")
    CLOSE = "close", _("Verified and closed")
    REWORK = "rework", _("Sent back for rework")
    REOPEN = "reopen", _("Reopened as a recurrence")
    MERGE = "merge", _("Merged into another problem")
    OVERDUE = "overdue", _("Overdue")
    REMIND = "remind", _("Reminder sent")
    ESCALATE = "escalate", _("Escalated")
    NOTE = "note", _("Note")


class ProblemEvent(models.Model):
    problem = models.ForeignKey("ledger.Problem", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=14, blank=True)
    to_status = models.CharField(max_length=14, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("problem event")
        verbose_name_plural = _("problem events")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["problem", "at"]),
            # Indicators count returns by the unit that returned (approve_return events).
            models.Index(fields=["kind", "at"], name="event_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.problem_id} {self.kind}"


class ProblemRequest(models.Model):
    """A return, extension or deferral: asked by the unit, decided by a named approver."""

    class Kind(models.TextChoices):
        RETURN = "return", _("Return")
        EXTENSION = "extension", _("Extension")
        DEFERRAL = "deferral", _("Deferral")

    class Decision(models.TextChoices):
        # A context of its own: a bare "Pending" is also a notification's state (待发送).
        PENDING = "pending", pgettext_lazy("request decision", "Pending")
        APPROVED = "approved", _("Approved")
        DENIED = "denied", _("Denied")

    problem = models.ForeignKey("ledger.Problem", on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    # Extension: the new deadline asked for; deferral: the plan and its target date.
    new_due_at = models.DateTimeField(_("new deadline"), null=True, blank=True)
    plan = models.TextField(_("plan"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("problem request")
        verbose_name_plural = _("problem requests")

    def __str__(self) -> str:
        return f"{self.problem_id} {self.kind} {self.decision}"


class ProblemAlert(models.Model):
    """Overdue marks, reminders and escalations: one per problem, version and kind, so a job
    that runs every few minutes acts once per state however often it runs."""

    problem = models.ForeignKey("ledger.Problem", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["problem", "version", "kind"], name="alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.problem_id} v{self.version} {self.kind}"
