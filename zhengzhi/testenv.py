"""Loaded by pytest with `-p zhengzhi.testenv` (see pyproject), before pytest-django reads the
settings, which come from the environment."""

import os

os.environ.setdefault("ZZ_TESTING", "1")
os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("ZZ_HUEY_IMMEDIATE", "1")
# A file, not memory, so that a worker process started by a test sees the test database.
os.environ.setdefault("ZZ_TEST_SQLITE_NAME", f"var/test-{os.getpid()}.sqlite3")

# The project's time zone (settings.TIME_ZONE): a --clock instant without an offset is local time.
LOCAL_TZ = "Asia/Shanghai"


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="INSTANT",
        help="run the tests as if they started at this instant, e.g. 2027-01-01T03:30 (local "
        "time unless an offset is given); the clock ticks on from there",
    )


def pytest_configure(config):
    # The whole run travels, xdist workers included (each reads the option in its own
    # pytest_configure): a test that depends on the day or the hour fails on the instant that
    # breaks it, on any day, instead of on the day the calendar gets there.
    value = config.getoption("clock", None)
    if not value:
        return
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine

    instant = dt.datetime.fromisoformat(value)
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=ZoneInfo(LOCAL_TZ))
    traveller = time_machine.travel(instant, tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


def pytest_report_header(config):
    value = config.getoption("clock", None)
    return f"clock: the run starts at {value}" if value else None
