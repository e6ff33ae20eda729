import logging

import pytest
from django.db import transaction

# Not "_": keeps the msgid (one of Django's own) out of our catalogue.
from django.utils.translation import gettext_lazy as lazy

from zhengzhi.jobs.models import Job, JobStatus
from zhengzhi.jobs.services import execute
from zhengzhi.notifications.models import Delivery, DeliveryStatus, Notification
from zhengzhi.notifications.services import deliver, notify
from zhengzhi.notifications.sms import LogSmsBackend, SmsBackend, SmsError, get_sms_backend

pytestmark = pytest.mark.django_db


class FlakySms(SmsBackend):
    """A gateway that is down."""

    def send(self, phone, text):
        raise SmsError("gateway timeout")


class BadNumberSms(SmsBackend):
    def send(self, phone, text):
        raise SmsError("invalid number", permanent=True)


def test_notify_writes_the_inbox_and_sends_email_and_sms(
    reachable, people, send_now, mailoutbox, caplog
):
    caplog.set_level(logging.INFO, logger="zhengzhi.notifications.sms")
    rows = send_now(
        notify,
        [reachable, people["other_handler"], reachable],
        "Problem 12 was dispatched to you",
        "Rubbish piled at the corner of Liuan Road.\nDeadline: 3 days.",
        url="/problems/12/",
        kind="problem.dispatched",
    )
    assert len(rows) == 2  # the duplicate recipient is told once
    assert Notification.objects.filter(recipient=people["other_handler"], read_at=None).count() == 1
    # The other handler has no address: inbox only.
    assert not Delivery.objects.filter(notification__recipient=people["other_handler"]).exists()
    deliveries = {d.channel: d for d in Delivery.objects.filter(notification__recipient=reachable)}
    assert set(deliveries) == {"email", "sms"}
    assert all(d.status == DeliveryStatus.SENT and d.attempts == 1 for d in deliveries.values())
    assert deliveries["email"].address == "handler@example.gov.cn"
    assert deliveries["sms"].provider_id.startswith("log-")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["handler@example.gov.cn"]
    assert "Problem 12 was dispatched to you" in mail.subject and "\n" not in mail.subject
    assert "Rubbish piled" in mail.body
    assert mail.extra_headers["Message-ID"] == deliveries["email"].provider_id
    assert "13800000001" in caplog.text and "Problem 12 was dispatched" in caplog.text


def test_a_rerun_sends_nothing_twice(reachable, send_now, mailoutbox):
    send_now(notify, [reachable], "Report due", channels=("inbox", "email"))
    delivery = Delivery.objects.get()
    job = Job.objects.get(name="notifications.deliver")
    assert job.status == JobStatus.DONE and len(mailoutbox) == 1
    # The queue hands the finished job over again, or someone resets it: no second mail.
    assert execute(job.pk) is False
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    assert execute(job.pk) is True
    assert deliver(delivery.pk) == "skipped"
    assert len(mailoutbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1


def test_a_gateway_failure_is_retried_then_marked_failed(reachable, send_now, settings):
    settings.SMS_BACKEND = "zhengzhi.notifications.tests.test_delivery.FlakySms"
    send_now(notify, [reachable], "Meeting at 9", channels=("sms",))
    job = Job.objects.get(name="notifications.deliver")
    delivery = Delivery.objects.get()
    # First attempt failed: rolled back, still pending, the job waits to be retried.
    job.refresh_from_db()
    delivery.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.attempts == 1
    assert delivery.status == DeliveryStatus.PENDING
    for _attempt in range(job.max_attempts - 1):
        Job.objects.filter(pk=job.pk).update(run_after=None)  # the back-off has passed
        assert execute(job.pk) is (_attempt == job.max_attempts - 2)
    job.refresh_from_db()
    delivery.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["outcome"] == "failed"
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == job.max_attempts
    assert "gateway timeout" in delivery.error
    # Without the inbox channel the row exists (the delivery hangs on it) but is already read.
    assert Notification.objects.get().read_at is not None


def test_a_permanent_failure_is_not_retried(reachable, send_now, settings):
    settings.SMS_BACKEND = "zhengzhi.notifications.tests.test_delivery.BadNumberSms"
    send_now(notify, [reachable], "Meeting at 9", channels=("sms",))
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    assert "invalid number" in delivery.error


def test_nothing_is_sent_when_the_callers_transaction_rolls_back(reachable, send_now, mailoutbox):
    def change_then_fail():
        with transaction.atomic():
            notify([reachable], "Will not happen")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        send_now(change_then_fail)
    assert not Notification.objects.exists()
    assert not Job.objects.exists()
    assert mailoutbox == []


def test_each_recipient_reads_it_in_their_own_language(people, reachable, send_now, mailoutbox):
    reachable.language = "en"
    reachable.save(update_fields=["language"])
    other = people["other_handler"]
    other.language = "zh-hans"
    other.save(update_fields=["language"])
    send_now(
        notify, [reachable, other], lazy("This field is required."), channels=("inbox", "email")
    )
    assert Notification.objects.get(recipient=reachable).subject == "This field is required."
    assert Notification.objects.get(recipient=other).subject == "这个字段是必填项。"
    assert "This message was sent by Zhengzhi" in mailoutbox[0].body


def test_links_must_stay_on_this_site(reachable):
    for bad in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        with pytest.raises(ValueError):
            notify([reachable], "Click", url=bad)
    with pytest.raises(ValueError):
        notify([reachable], "Hi", channels=("pigeon",))
    assert not Notification.objects.exists()


def test_inactive_users_are_not_notified(reachable):
    reachable.is_active = False
    reachable.save(update_fields=["is_active"])
    assert notify([reachable], "Hello") == []


def test_the_sms_backend_comes_from_settings(settings):
    assert isinstance(get_sms_backend(), LogSmsBackend)
    settings.SMS_BACKEND = "zhengzhi.notifications.tests.test_delivery.FlakySms"
    assert isinstance(get_sms_backend(), FlakySms)
    settings.SMS_BACKEND = "zhengzhi.notifications.models.Notification"
    with pytest.raises(TypeError):
        get_sms_backend()
