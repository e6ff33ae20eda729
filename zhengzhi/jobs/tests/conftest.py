import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
# Under --clock the worker travels to the test's own time (the first argument, in seconds), the
# clock ticking on: a process keeps the machine's clock otherwise, days from the test's.
TRAVEL = (
    "import runpy, sys, time_machine; time_machine.travel(float(sys.argv.pop(1))).start(); "
    "sys.argv.pop(0); runpy.run_path(sys.argv[0], run_name='__main__')"
)


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
def manage(worker_env, request):
    procs = []
    travel = bool(request.config.getoption("clock", None))

    def start(*args):
        command = [str(ROOT / "manage.py"), *args]
        if travel:
            command = ["-c", TRAVEL, str(time.time()), *command]
        proc = subprocess.Popen(
            [sys.executable, *command],
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
