"""In-app notifications and their e-mail/SMS deliveries.

Every notification has an inbox row: the deliveries hang on it, and it lets users see what was
sent to them. A delivery snapshots the address it was sent to, so a later change of e-mail or phone
does not rewrite history.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    # A path inside this site ("/problems/12/"); outside addresses are refused by the service.
    url = models.CharField(_("link"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=50, blank=True)  # the event, "problem.overdue"
    # The texts as message ids and parameters ({"subject": {...}, "body": {...}}, see
    # messages.py), rendered in the reader's language; subject and body hold them as written
    # for the recipient then, the fallback (and all there is on rows from before).
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        # Serves the unread badge on every page (recipient = ? AND read_at IS NULL) and the inbox.
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_recipient_read")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def subject_text(self) -> str:
        """The subject in the active language (the reader's)."""
        from zhengzhi.notifications.messages import render_stored

        return render_stored((self.params or {}).get("subject"), self.subject)

    @property
    def body_text(self) -> str:
        from zhengzhi.notifications.messages import render_stored

        return render_stored((self.params or {}).get("body"), self.body)


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    provider_id = models.CharField(_("message ID"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["status", "created_at"], name="delivery_status_created")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}: {self.get_status_display()}"
