"""A bench script's own database, made fresh for each run and dropped after it.

SQLite: a file in a folder of its own under the system's temporary folder (the folder is also
the run's VAR_DIR: huey's file, exports). PostgreSQL: the database named in the URL, dropped
and created again (so never point a bench at real data).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "zhengzhi.settings",
    "DEBUG": "0",
    "ZZ_TESTING": "1",  # plain static storage and a fast hasher; nothing else changes
    "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
    "ALLOWED_HOSTS": "testserver,localhost",
    "ZZ_LOG_LEVEL": "WARNING",
}


def _admin_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts._replace(path="/postgres").geturl(), parts.path.lstrip("/")


def fresh_database(
    url: str | None, sqlite_dir: Path, sqlite_name: str, env: dict[str, str] | None = None
) -> str:
    """Makes the database, points Django at it (with `env` on top of BENCH_ENV), sets Django
    up and migrates. Returns the database URL."""
    if url and url.startswith("postgres"):
        import psycopg

        admin, name = _admin_url(url)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        db_url = url
    else:
        shutil.rmtree(sqlite_dir, ignore_errors=True)
        db_url = f"sqlite:///{sqlite_dir}/{sqlite_name}"
    sqlite_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {**BENCH_ENV, "DATABASE_URL": db_url, "ZZ_VAR_DIR": str(sqlite_dir), **(env or {})}
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return db_url


def drop_database(db_url: str, sqlite_dir: Path) -> None:
    from django.db import connections

    connections.close_all()
    if db_url.startswith("postgres"):
        import psycopg

        admin, name = _admin_url(db_url)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    shutil.rmtree(sqlite_dir, ignore_errors=True)
