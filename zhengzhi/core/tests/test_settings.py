"""Start-up refuses bad configuration with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GOOD = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 40,
    "ALLOWED_HOSTS": "zz.example.gov.cn",
    "DATABASE_URL": "sqlite:///:memory:",
    "ZZ_REPORTER_KEY": "6Z3mH0mJ0v2cXk9rN1dYb5b0q8o7Wc2Vt3y4u5i6o7A=",
    "ZZ_AUDIT_KEY": "a" * 40,
}


def start(**overrides):
    env = {k: v for k, v in os.environ.items() if k not in GOOD and not k.startswith("ZZ_")}
    env.update(GOOD)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    env["DJANGO_SETTINGS_MODULE"] = "zhengzhi.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_good_production_settings_start():
    result = start()
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"SECRET_KEY": None}, "SECRET_KEY (or SECRET_KEY_FILE) is required"),
        ({"SECRET_KEY": "short"}, "at least 32 characters"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS is required"),
        ({"ZZ_SESSION_IDLE_MINUTES": "half an hour"}, "ZZ_SESSION_IDLE_MINUTES"),
        ({"ZZ_SESSION_IDLE_MINUTES": "0"}, "must be >= 1"),
        ({"ZZ_LOG_LEVEL": "LOUD"}, "ZZ_LOG_LEVEL"),
        ({"DATABASE_URL": "oracle-ish://nowhere"}, "DATABASE_URL"),
        (
            {"SECRET_KEY": None, "SECRET_KEY_FILE": "/nonexistent/secret"},
            "Cannot read SECRET_KEY_FILE",
        ),
        ({"SECRET_KEY_FILE": "/etc/hostname"}, "Set only one of SECRET_KEY and SECRET_KEY_FILE"),
        ({"ZZ_REPORTER_KEY": None}, "ZZ_REPORTER_KEY (or ZZ_REPORTER_KEY_FILE) is required"),
        ({"ZZ_REPORTER_KEY": "not-a-key"}, "ZZ_REPORTER_KEY must be a Fernet key"),
        ({"ZZ_REPORTER_OLD_KEYS": "abc"}, "ZZ_REPORTER_OLD_KEYS must be a Fernet key"),
        ({"ZZ_AUDIT_KEY": None}, "ZZ_AUDIT_KEY (or ZZ_AUDIT_KEY_FILE) is required"),
        ({"ZZ_AUDIT_KEY": "short"}, "ZZ_AUDIT_KEY must be at least 32 characters"),
        ({"ZZ_AUDIT_OLD_KEYS": "abc"}, "ZZ_AUDIT_OLD_KEYS must be at least 32 characters"),
    ],
)
def test_bad_values_stop_start_up_with_a_clear_message(overrides, message):
    result = start(**overrides)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 50)
    result = start(SECRET_KEY=None, SECRET_KEY_FILE=str(secret))
    assert result.returncode == 0, result.stderr


def test_debug_mode_runs_without_a_secret():
    result = start(DEBUG="1", SECRET_KEY=None, ALLOWED_HOSTS=None)
    assert result.returncode == 0, result.stderr
