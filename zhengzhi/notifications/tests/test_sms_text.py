"""Every SMS carries the sender's signature (ZZ_SMS_SIGNATURE) and, for citizens, the whole
tracking link on the public address (ZZ_PUBLIC_URL)."""

from django.contrib.auth import get_user_model

from zhengzhi.notifications.models import Notification
from zhengzhi.notifications.services import SMS_MAX_CHARS, public_link, sms_message, sms_text


def test_the_signature_heads_the_text(settings):
    settings.SMS_SIGNATURE = "【青川区创卫办】"
    assert sms_message("您有一件新问题") == "【青川区创卫办】您有一件新问题"
    settings.SMS_SIGNATURE = ""
    assert sms_message("您有一件新问题") == "您有一件新问题"


def test_the_default_signature_is_the_products_name():
    from django.conf import settings

    assert settings.SMS_SIGNATURE == "【整治通】"


def test_a_long_text_is_shortened_never_the_signature_or_the_link(settings):
    settings.SMS_SIGNATURE = "【整治通】"
    link = "https://zzt.example.gov.cn/track/ABCDEFGHJK"
    text = sms_message("很长的内容" * 60, link)
    assert len(text) == SMS_MAX_CHARS
    assert text.startswith("【整治通】") and text.endswith(f"… {link}")


def test_a_staff_notification_is_signed(settings, db):
    settings.SMS_SIGNATURE = "【整治通】"
    n = Notification(
        recipient=get_user_model()(language=""), subject="新问题待签收", body="2026-000001 占道经营"
    )
    assert sms_text(n) == "【整治通】新问题待签收：2026-000001 占道经营"


def test_the_public_address_is_preferred_for_citizens_links(settings):
    settings.SITE_URL = "http://zhengzhi.gov.local"
    settings.PUBLIC_URL = "https://zzt.example.gov.cn"
    assert public_link("/track/X") == "https://zzt.example.gov.cn/track/X"
    settings.PUBLIC_URL = ""
    assert public_link("/track/X") == "http://zhengzhi.gov.local/track/X"
    settings.SITE_URL = ""
    assert public_link("/track/X") == ""
