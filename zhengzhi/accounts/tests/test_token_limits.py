"""API tokens obey the account lockout and expire after ZZ_API_TOKEN_DAYS."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from zhengzhi.accounts.services import create_api_token
from zhengzhi.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _me(client, key, header="bearer"):
    if header == "bearer":
        return client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    return client.get("/api/v1/accounts/me", HTTP_X_API_TOKEN=key)


def _lock_out(client, username):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": username, "password": "wrong"})


@pytest.mark.parametrize("header", ["bearer", "x-api-token"])
def test_a_locked_out_account_cannot_use_its_tokens(client, people, header):
    _, key = create_api_token(people["handler"], "t")
    assert _me(client, key, header).status_code == 200
    _lock_out(client, "handler")
    assert _me(client, key, header).status_code == 401
    # another account's token is untouched by the handler's lockout
    _, other = create_api_token(people["dispatcher"], "t")
    assert _me(client, other, header).status_code == 200


def test_the_token_works_again_once_the_lockout_has_cooled_off(client, people):
    _, key = create_api_token(people["handler"], "t")
    _lock_out(client, "handler")
    assert _me(client, key).status_code == 401
    later = timezone.now() + timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    with time_machine.travel(later, tick=False):
        assert _me(client, key).status_code == 200


def test_a_token_expires_after_the_configured_days(client, people, settings):
    settings.API_TOKEN_DAYS = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token, key = create_api_token(people["handler"], "t")
    assert token.expires_at == token.created_at + timedelta(days=30)
    with time_machine.travel(start + timedelta(days=30) - timedelta(minutes=1), tick=False):
        assert _me(client, key).status_code == 200
    with time_machine.travel(start + timedelta(days=30, minutes=1), tick=False):
        assert _me(client, key).status_code == 401
        assert _me(client, key, "x-api-token").status_code == 401


def test_the_default_life_is_ninety_days():
    assert settings.API_TOKEN_DAYS == 90


def test_the_expiry_is_shown_on_the_token_page_and_in_the_api(client, people, settings):
    settings.API_TOKEN_DAYS = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token, _ = create_api_token(people["handler"], "大屏")
    client.force_login(people["handler"])
    expires = timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M")
    body = client.get("/accounts/profile/").content.decode()
    assert expires in body
    listed = client.get("/api/v1/accounts/tokens").json()
    (shown,) = [parse_datetime(t["expires_at"]) for t in listed]
    assert abs(shown - token.expires_at) < timedelta(seconds=1)  # the API rounds to milliseconds
    with time_machine.travel(start + timedelta(days=31), tick=False):
        client.force_login(people["handler"])
        body = client.get("/accounts/profile/").content.decode()
    assert "过期" in body  # "已于 … 过期": marked as expired, not just dated


def test_the_login_still_works_after_the_checks(client, people):
    """The lockout check on tokens must not count as a failed login."""
    _, key = create_api_token(people["handler"], "t")
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        assert _me(client, key).status_code == 200
    response = client.post("/accounts/login/", {"username": "handler", "password": PASSWORD})
    assert response.status_code == 302
