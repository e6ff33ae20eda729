"""Response headers a security review (等保) checks: HSTS behind HTTPS, no `Server: gunicorn`."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import RequestFactory

from zhengzhi.core import views
from zhengzhi.core.tests.test_settings import GOOD, ROOT, start

APP = """
def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
"""


def _hsts(**overrides):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.SECURE_HSTS_SECONDS)",
        ],
        env={**os.environ, **GOOD, "DJANGO_SETTINGS_MODULE": "zhengzhi.settings", **overrides},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip())


def test_hsts_is_on_behind_https_for_a_year_by_default():
    assert start(ZZ_HTTPS="1").returncode == 0
    assert _hsts(ZZ_HTTPS="1") == 365 * 24 * 3600
    assert _hsts(ZZ_HTTPS="1", ZZ_HSTS_SECONDS="600") == 600
    # over plain HTTP a browser ignores the header anyway; the app does not send it
    assert _hsts(ZZ_HTTPS="0") == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("args", [[], ["-c", "gunicorn.conf.py"]], ids=["default", "explicit"])
def test_gunicorn_does_not_announce_itself(tmp_path, args):
    """The repository's gunicorn.conf.py (read from the working directory by default) drops the
    Server header; a bare gunicorn sends `Server: gunicorn`."""
    (tmp_path / "plainapp.py").write_text(APP)
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    server = subprocess.Popen(
        [gunicorn, *args, "plainapp:application", "-b", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        headers = None
        for _ in range(200):  # wait for the server to listen (at most about 20 s)
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/")
                response = conn.getresponse()
                headers = {k.lower(): v for k, v in response.getheaders()}
                conn.close()
                break
            except OSError:
                time.sleep(0.1)
        assert headers is not None, "gunicorn did not start"
        assert headers.get("content-type") == "text/plain"
        assert "server" not in headers, headers
    finally:
        server.terminate()
        server.wait(timeout=30)


def _nonce(response):
    policy = response["Content-Security-Policy"]
    return re.search(r"'nonce-([^']+)'", policy).group(1)


def test_every_page_gets_a_fresh_nonce_and_its_inline_blocks_carry_it(client, people):
    client.force_login(people["handler"])
    first, second = client.get("/"), client.get("/")
    assert _nonce(first) != _nonce(second)
    assert f'<style nonce="{_nonce(second)}">' in second.content.decode()
    policy = second["Content-Security-Policy"]
    for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]:
        assert directive in policy
    assert "unsafe-eval" not in policy and "script-src 'self' 'nonce-" in policy


def test_the_standalone_error_pages_carry_the_nonce_too(client, db, settings):
    """The 400 page stands alone (errors/standalone.html) with its own <style>."""
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/accounts/login/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    assert f'<style nonce="{_nonce(response)}">' in response.content.decode()


def test_the_500_page_carries_the_nonce_the_middleware_gave_the_request():
    request = RequestFactory().get("/")
    request.csp_nonce = "n0nce"
    body = views.server_error(request).content.decode()
    assert '<style nonce="n0nce">' in body
