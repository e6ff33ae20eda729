"""Sending notifications: inbox rows now, e-mail and SMS later in the worker.

`notify` is called by other apps inside their own transaction (the transaction that makes the
change worth telling about), so a rolled-back change never notifies anyone. Inbox rows are not
written to the audit log: they follow from changes that are audited themselves, and reading one's
own inbox is not an act anyone must answer for.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from email.utils import make_msgid
from typing import Literal

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from zhengzhi.jobs.services import enqueue
from zhengzhi.notifications.messages import Message
from zhengzhi.notifications.models import Channel, Delivery, DeliveryStatus, Notification
from zhengzhi.notifications.sms import get_sms_backend

log = logging.getLogger(__name__)

CHANNELS = ("inbox", "email", "sms")
# The job runs inside a database transaction; on SQLite that holds the write lock, so a dead
# mail server must not hold it for long.
SEND_TIMEOUT_SECONDS = 10
SMS_MAX_CHARS = 140


def is_local_url(url: str) -> bool:
    """A path on this site. Anything else would turn the inbox into an open redirect."""
    return (
        url.startswith("/")
        and not url.startswith("//")
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def _unique_users(recipients) -> list:
    if hasattr(recipients, "_meta"):  # a single user
        recipients = [recipients]
    seen: set[int] = set()
    users = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        users.append(user)
    return users


def _text(value) -> str:
    return value.render() if isinstance(value, Message) else str(value)


def notify(
    recipients: Iterable,
    subject,
    body="",
    url: str = "",
    kind: str = "",
    channels: Iterable[str] = CHANNELS,
) -> list[Notification]:
    """Writes one inbox row per recipient and queues an e-mail and/or SMS where the user has an
    address. Subject and body may be Messages (messages.py): stored with their parameters, each
    reader sees them in the language they read in; a lazy translation is written in the
    recipient's language. Without the "inbox" channel the row is still written, already marked
    read."""
    channels = tuple(channels)
    unknown = set(channels) - set(CHANNELS)
    if unknown:
        raise ValueError(f"unknown notification channels: {sorted(unknown)}")
    if url and not is_local_url(url):
        raise ValueError(f"notification links must be paths on this site, not {url!r}")
    users = _unique_users(recipients)
    if not users:
        return []
    now = timezone.now()
    rows = []
    params = {
        part: value.to_json()
        for part, value in (("subject", subject), ("body", body))
        if isinstance(value, Message)
    }
    for user in users:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            # One line: a newline in a mail subject is a header-injection attempt to Django.
            text_subject = " ".join(_text(subject).split())[:200]
            text_body = _text(body)
        if not text_subject:
            raise ValueError("a notification needs a subject")
        rows.append(
            Notification(
                recipient=user,
                subject=text_subject,
                body=text_body,
                url=url,
                kind=kind[:50],
                params=params,
                created_at=now,
                read_at=None if "inbox" in channels else now,
            )
        )
    with transaction.atomic():
        Notification.objects.bulk_create(rows)
        deliveries = []
        for row in rows:
            user = row.recipient
            if "email" in channels and user.email:
                deliveries.append(
                    Delivery(notification=row, channel=Channel.EMAIL, address=user.email)
                )
            if "sms" in channels and user.phone:
                deliveries.append(
                    Delivery(notification=row, channel=Channel.SMS, address=user.phone)
                )
        Delivery.objects.bulk_create(deliveries)
        for delivery in deliveries:
            enqueue("notifications.deliver", delivery_id=delivery.pk)
    return rows


def unread_count(user) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def mark_read(user, ids: Iterable[int] | Literal["all"]) -> int:
    """Marks the user's own notifications read; ids of anyone else's are simply not matched."""
    qs = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if ids != "all":
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


# --- Delivery (runs in the worker) ------------------------------------------------------------


def deliver(delivery_id: int, *, attempt: int = 1, final_attempt: bool = True) -> str:
    """Sends one delivery once. Returns "sent", "failed" or "skipped".

    The claim is a conditional UPDATE (pending -> sending): a rerun after a committed success
    matches no row and sends nothing, and a second worker on the same row waits for the first
    one's row lock and then finds it no longer pending.

    At-least-once, honestly: the claim, the send and the "sent" mark commit together with the job.
    If the process dies after the mail server (or SMS gateway) accepted the message but before that
    commit, everything rolls back, the delivery is pending again, the job's lease runs out and the
    sweeper runs it once more, so the recipient gets the message twice. We prefer a rare
    duplicate to a lost message.

    A transient error on a non-final attempt is raised, so the job runner rolls back (the delivery
    stays pending) and retries later with back-off; a permanent error, or the last attempt, marks
    the delivery failed with the error.
    """
    with transaction.atomic():
        claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.SENDING, attempts=attempt
        )
        if not claimed:
            return "skipped"
        delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
        try:
            provider_id = _send(delivery)
        except Exception as exc:
            permanent = getattr(exc, "permanent", False) or isinstance(
                exc, smtplib.SMTPRecipientsRefused
            )
            if not (permanent or final_attempt):
                raise
            log.warning("delivery %s failed: %s", delivery_id, exc)
            Delivery.objects.filter(pk=delivery_id).update(
                status=DeliveryStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
            )
            return "failed"
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.SENT,
            sent_at=timezone.now(),
            provider_id=provider_id[:200],
            error="",
        )
        return "sent"


def _send(delivery: Delivery) -> str:
    if delivery.channel == Channel.EMAIL:
        return _send_email(delivery)
    if delivery.channel == Channel.SMS:
        return get_sms_backend().send(delivery.address, sms_text(delivery.notification))
    raise ValueError(f"unknown channel {delivery.channel}")


def absolute_link(url: str) -> str:
    base = getattr(settings, "SITE_URL", "") or ""
    return f"{base.rstrip('/')}{url}" if base and url else ""


def public_link(url: str) -> str:
    """A link for citizens: ZZ_PUBLIC_URL (falling back to ZZ_SITE_URL) + the path; "" when
    neither is set (the worker has no request to take a host from)."""
    base = getattr(settings, "PUBLIC_URL", "") or getattr(settings, "SITE_URL", "") or ""
    return f"{base.rstrip('/')}{url}" if base and url else ""


def sms_message(text: str, link: str = "") -> str:
    """An SMS as sent: the sender's signature (ZZ_SMS_SIGNATURE), the text, and the link whole;
    the text is shortened, never the signature or the link, to keep within SMS_MAX_CHARS."""
    signature = getattr(settings, "SMS_SIGNATURE", "") or ""
    text = " ".join(text.split())
    room = SMS_MAX_CHARS - len(signature) - (len(link) + 1 if link else 0)
    if len(text) > room:
        text = text[: max(room - 1, 0)] + "…"
    return f"{signature}{text} {link}" if link else f"{signature}{text}"


def _send_email(delivery: Delivery) -> str:
    notification = delivery.notification
    language = notification.recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(
            "notifications/email.txt",
            {"notification": notification, "link": absolute_link(notification.url)},
        )
        subject = render_to_string(
            "notifications/email_subject.txt", {"notification": notification}
        ).strip()
    message_id = make_msgid(domain=str(DNS_NAME))
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.address],
        headers={"Message-ID": message_id},
        connection=get_connection(timeout=SEND_TIMEOUT_SECONDS),
    )
    message.send()
    return message_id


def sms_text(notification: Notification) -> str:
    language = notification.recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        text, body = notification.subject_text, notification.body_text
    if body:
        text = f"{text}：{' '.join(body.split())}"
    return sms_message(text)
