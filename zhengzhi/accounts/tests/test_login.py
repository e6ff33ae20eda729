import datetime as dt
from datetime import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import PASSWORD, local

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_page_shows_the_product_in_chinese(client, db):
    body = client.get("/accounts/login/").content.decode()
    assert "整治通" in body
    assert 'name="username"' in body and 'name="password"' in body


def test_login_succeeds_and_is_audited(client, people):
    response = login(client, "handler", PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    event = AuditEvent.objects.get(action="login.success")
    assert event.actor_id == people["handler"].pk and event.ip == "127.0.0.1"
    assert event.unit_id == people["handler"].unit_id


def test_failure_is_audited_with_the_username_but_never_the_password(client, people):
    response = login(client, "handler", "Wrong-Passw0rd!")
    assert response.status_code == 200
    assert response.context["form"].errors
    event = AuditEvent.objects.get(action="login.failure")
    assert event.data == {"username": "handler"}
    assert event.object_id == str(people["handler"].pk)
    assert "Wrong-Passw0rd!" not in str(event.data) + event.object_repr


def test_failure_for_an_unknown_username_is_audited(client, db):
    login(client, "mallory", "x")
    event = AuditEvent.objects.get(action="login.failure")
    assert event.data == {"username": "mallory"} and event.object_repr == "mallory"


def test_the_form_says_how_many_attempts_are_left(client, people):
    response = login(client, "handler", "wrong")
    left = settings.AXES_FAILURE_LIMIT - 1
    assert any(str(left) in e for e in response.context["form"].non_field_errors())


def test_lockout_after_repeated_failures_says_when_to_retry(client, people):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "handler", "wrong").status_code == 200
    locked = login(client, "handler", "wrong")
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    body = locked.content.decode()
    until = AuditEvent.objects.get(action="login.locked").data["until"]
    shown = timezone.localtime(datetime.fromisoformat(until)).strftime("%Y-%m-%d %H:%M")
    assert shown in body  # when to try again, in local time
    # even the right password is refused while locked
    assert login(client, "handler", PASSWORD).status_code == 429
    assert client.get("/").status_code == 302  # not logged in
    assert (
        AuditEvent.objects.filter(action="login.failure").count() == settings.AXES_FAILURE_LIMIT + 1
    )


def test_lockout_is_per_account(client, people):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "handler", "wrong")
    assert login(client, "dispatcher", PASSWORD).status_code == 302


def test_office_admin_unlocks_and_it_is_audited(client, people):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "handler", "wrong")
    client.force_login(people["admin"])
    page = client.get(f"/accounts/users/{people['handler'].pk}/")
    assert page.context["locked_until"] is not None
    listed = client.get("/accounts/users/", {"q": "handler"})
    assert [u.locked for u in listed.context["users"] if u.username == "handler"] == [True]
    response = client.post(f"/accounts/users/{people['handler'].pk}/unlock/")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="user.unlock")
    assert event.actor_id == people["admin"].pk and event.data["attempts_cleared"] >= 1
    client.logout()
    assert login(client, "handler", PASSWORD).status_code == 302


@pytest.mark.parametrize("who", ["street_leader", "leader", "dispatcher"])
def test_only_the_office_admin_unlocks(client, people, who):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "handler", "wrong")
    client.force_login(people[who])
    assert client.post(f"/accounts/users/{people['handler'].pk}/unlock/").status_code == 404
    assert not AuditEvent.objects.filter(action="user.unlock").exists()


def test_logout_is_audited(client, people):
    login(client, "handler", PASSWORD)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="logout", actor=people["handler"]).exists()
    assert client.get("/").status_code == 302


def test_inactive_user_cannot_log_in(client, people):
    people["handler"].is_active = False
    people["handler"].save()
    assert login(client, "handler", PASSWORD).status_code == 200


def test_session_expires_when_idle(settings):
    assert settings.SESSION_COOKIE_AGE <= 30 * 60 and settings.SESSION_TOUCH_SECONDS <= 60


@pytest.mark.time_machine(local(2026, 3, 2, 9, 0), tick=False)
def test_activity_keeps_a_session_and_idleness_ends_it(client, people, time_machine):
    login(client, "handler", PASSWORD)
    age = settings.SESSION_COOKIE_AGE
    for _ in range(3):  # active all morning: each request within the idle limit of the last
        time_machine.shift(dt.timedelta(seconds=age - 120))
        assert client.get("/").status_code == 200
    time_machine.shift(dt.timedelta(seconds=age + 1))
    assert client.get("/").status_code == 302  # idle past the limit: signed out


@pytest.mark.time_machine(local(2026, 3, 2, 9, 0), tick=False)
def test_requests_close_together_write_no_session(client, people, time_machine):
    login(client, "handler", PASSWORD)
    client.get("/")
    time_machine.shift(dt.timedelta(seconds=5))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries.captured_queries if "UPDATE" in q["sql"].upper()
                and "django_session" in q["sql"]]  # fmt: skip
    time_machine.shift(dt.timedelta(seconds=settings.SESSION_TOUCH_SECONDS))
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert [q for q in queries.captured_queries if "django_session" in q["sql"]
            and q["sql"].upper().startswith(("UPDATE", "INSERT"))]  # fmt: skip
