"""Loaded by pytest with `-p zhengzhi.testenv` (see pyproject), before pytest-django reads the
settings, which come from the environment."""

import os

os.environ.setdefault("ZZ_TESTING", "1")
os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("ZZ_HUEY_IMMEDIATE", "1")
# A file, not memory, so that a worker process started by a test sees the test database.
os.environ.setdefault("ZZ_TEST_SQLITE_NAME", f"var/test-{os.getpid()}.sqlite3")
