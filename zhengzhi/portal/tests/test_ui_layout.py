"""The shared page frame: phone menu, confirmations of destructive forms, label punctuation."""

import re

import pytest

from zhengzhi.accounts.models import ApiToken
from zhengzhi.accounts.services import create_api_token

pytestmark = pytest.mark.django_db


def test_signed_in_pages_have_the_phone_menu_and_app_js(client, people):
    client.force_login(people["admin"])
    body = client.get("/").content.decode()
    assert 'class="navtoggle' in body and 'aria-controls="mainnav topbar-tools"' in body
    assert 'id="mainnav"' in body
    assert "/static/zhengzhi/app.js" in body
    assert "菜单" in body


def test_the_login_page_has_no_menu_button(client, db):
    body = client.get("/accounts/login/").content.decode()
    assert 'class="navtoggle' not in body
    assert "confirm-texts" not in body


def test_labels_end_with_a_full_width_colon_in_chinese(client, db):
    body = client.get("/accounts/login/").content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", body)
    assert labels and all(label.endswith("：") for label in labels), labels
    client.cookies["django_language"] = "en"
    body = client.get("/accounts/login/").content.decode()
    assert re.search(r"<label[^>]*>Username:</label>", body)


def test_destructive_user_actions_ask_first(client, people):
    client.force_login(people["admin"])
    body = client.get(f"/accounts/users/{people['handler'].pk}/").content.decode()
    assert 'data-confirm="reset-password" data-confirm-name="handler"' in body
    assert 'data-confirm="deactivate-user" data-confirm-name="handler"' in body
    # The texts the keys name, translated, in the page frame.
    assert 'data-reset-password="确定重置“{name}”的密码吗？' in body
    assert 'data-deactivate-user="确定停用“{name}”吗？' in body


def test_revoking_a_token_asks_first(client, people):
    create_api_token(people["handler"], name="巡查App")
    assert ApiToken.objects.filter(user=people["handler"]).count() == 1
    client.force_login(people["handler"])
    body = client.get("/accounts/profile/").content.decode()
    assert 'data-confirm="revoke-token" data-confirm-name="巡查App"' in body
    assert 'data-revoke-token="确定吊销令牌“{name}”吗？' in body
