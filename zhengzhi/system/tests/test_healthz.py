import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhengzhi.jobs.services import beat

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_it_reports_database_and_worker(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["worker"]["status"] == "never_seen"
    beat()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"]["status"] == "ok"


def test_it_answers_503_when_the_database_does_not_answer():
    env = dict(os.environ)
    # Nothing listens on port 1: the connection is refused at once.
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:1/zhengzhi"
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code, r.json()['database'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["503", "down"], result.stderr


@pytest.mark.django_db
def test_chinese_is_the_default_whatever_the_browser_asks(client, people):
    client.force_login(people["handler"])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "欢迎" in page.content.decode() and page["Content-Language"] == "zh-hans"
    client.cookies["django_language"] = "zh-hant"
    assert "歡迎" in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_users_saved_language_follows_them_to_a_new_browser(client, people):
    people["handler"].language = "en"
    people["handler"].save()
    client.force_login(people["handler"])
    assert "Welcome" in client.get("/").content.decode()


def test_it_answers_503_to_a_signed_in_browser_when_the_database_is_down():
    # A session cookie makes the language and password middlewares want the user, whose
    # session lives in the database; /healthz must not ask.
    env = dict(os.environ)
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:1/zhengzhi"
    code = (
        "import django; django.setup();"
        "from django.conf import settings;"
        "from django.test import Client;"
        "c = Client(); c.cookies[settings.SESSION_COOKIE_NAME] = 'x' * 32;"
        "r = c.get('/healthz'); print(r.status_code, r.json()['database'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["503", "down"], result.stderr[-3000:]
