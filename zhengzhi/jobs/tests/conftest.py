import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    """The URL of the test database this process is using, for a worker process to share it."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(s['NAME']).resolve()}"
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    user = s.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{s['NAME']}"


@pytest.fixture
def worker_env(tmp_path):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url(),
            "ZZ_VAR_DIR": str(tmp_path),
            "ZZ_HUEY_IMMEDIATE": "0",
            "DJANGO_SETTINGS_MODULE": "zhengzhi.settings",
        }
    )
    return env


@pytest.fixture
def manage(worker_env):
    procs = []

    def start(*args):
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=worker_env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
