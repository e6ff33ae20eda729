"""Notifications are kept as their event's message and parameters: each reader sees them in
the language they read in; rows from before keep their stored text."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_noop

from zhengzhi.notifications.messages import Message
from zhengzhi.notifications.models import Notification
from zhengzhi.notifications.services import notify, sms_text

pytestmark = pytest.mark.django_db

AWAITS = gettext_noop("Problem %(number)s awaits verification")


def _send(user, subject, body=""):
    [row] = notify([user], subject, body, url="/ledger/problems/1/", kind="problem.reported_back")
    return Notification.objects.get(pk=row.pk)


def test_written_in_chinese_read_in_english(client, people):
    user = people["inspector"]  # no language chosen: the office's Chinese
    row = _send(user, Message(AWAITS, {"number": "W2026-0007"}))
    assert row.subject == "问题 W2026-0007 待核查"  # as written, the fallback
    assert row.params["subject"] == {"text": AWAITS, "params": {"number": "W2026-0007"}}
    client.force_login(user)
    client.cookies["django_language"] = "en"
    assert (
        "Problem W2026-0007 awaits verification" in client.get("/notifications/").content.decode()
    )
    api = client.get(f"/api/v1/notifications/{row.pk}").json()
    assert api["subject"] == "Problem W2026-0007 awaits verification"
    client.cookies["django_language"] = "zh-hant"
    assert "問題 W2026-0007 待核查" in client.get("/notifications/").content.decode()


def test_plural_forms_follow_the_count():
    one = Message(
        gettext_noop("%(count)d problem is overdue"),
        {"count": 1},
        plural=gettext_noop("%(count)d problems are overdue"),
        count=1,
    )
    three = Message.from_json({**one.to_json(), "params": {"count": 3}, "count": 3})
    with translation.override("en"):
        assert one.render() == "1 problem is overdue"
        assert three.render() == "3 problems are overdue"


def test_old_rows_and_unknown_texts_keep_the_stored_text(people):
    user = people["inspector"]
    old = Notification.objects.create(recipient=user, subject="问题 W1 已超期", body="旧消息")
    gone = _send(user, Message("A text no catalogue knows %(n)s", {"n": 1}))
    broken = _send(user, Message(AWAITS, {"number": "W2"}))
    Notification.objects.filter(pk=broken.pk).update(
        params={"subject": {"text": AWAITS, "params": {"wrong": 1}}}
    )
    broken.refresh_from_db()
    with translation.override("en"):
        assert (old.subject_text, old.body_text) == ("问题 W1 已超期", "旧消息")
        assert gone.subject_text == "A text no catalogue knows 1"
        assert broken.subject_text == broken.subject  # parameters that no longer fit
    with translation.override("zh-hans"):
        assert gone.subject_text == gone.subject == "A text no catalogue knows 1"


def test_sms_in_the_recipients_language(people, settings):
    settings.SMS_SIGNATURE = "【青川区创卫办】"  # the gateway's registered signature, as it is
    user = people["inspector"]
    user.language = "en"
    user.save(update_fields=["language"])
    row = _send(user, Message(AWAITS, {"number": "W3"}), "路面塌陷")
    with translation.override("zh-hans"):  # whatever the worker runs in
        assert sms_text(row) == "【青川区创卫办】Problem W3 awaits verification：路面塌陷"
