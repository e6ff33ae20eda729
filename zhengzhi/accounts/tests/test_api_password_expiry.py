"""A browser session whose password must change gets no API either; tokens are not sessions."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.accounts.services import create_api_token

pytestmark = pytest.mark.django_db

REQUIRED = {"detail": "password change required"}


def test_a_session_with_a_password_to_change_is_refused(client, people):
    handler = people["handler"]
    handler.must_change_password = True
    handler.save()
    client.force_login(handler)
    response = client.get("/api/v1/accounts/me")
    assert response.status_code == 403 and response.json() == REQUIRED
    assert client.get("/api/v1/territory/grids").status_code == 403


def test_a_session_with_an_expired_password_is_refused(client, people, settings):
    handler = people["handler"]
    handler.password_changed_at = timezone.now() - dt.timedelta(
        days=settings.PASSWORD_MAX_AGE_DAYS + 1
    )
    handler.save()
    client.force_login(handler)
    assert client.get("/api/v1/accounts/me").json() == REQUIRED


def test_a_current_session_is_served(client, people):
    client.force_login(people["handler"])
    assert client.get("/api/v1/accounts/me").status_code == 200


def test_a_token_still_works(client, people):
    handler = people["handler"]
    handler.must_change_password = True
    handler.save()
    _, key = create_api_token(handler, "大屏")
    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    # With the expired session cookie as well, the token decides, not the session.
    client.force_login(handler)
    assert client.get("/api/v1/accounts/me", HTTP_X_API_TOKEN=key).status_code == 200
    assert client.get("/api/v1/accounts/me", HTTP_X_API_TOKEN="zz_wrong").status_code == 401
