"""Suite-wide set-up (test environment variables are set earlier, in zhengzhi/testenv.py)."""

import importlib

import pytest

_triggers = importlib.import_module("zhengzhi.audit.migrations.0002_append_only_triggers")


def _patch_flush():
    """Transactional tests empty every table between tests. The audit log refuses DELETE and
    TRUNCATE by design, so flushing drops its triggers and puts them back afterwards."""
    from django.db.backends.postgresql.base import DatabaseWrapper as PgWrapper
    from django.db.backends.sqlite3.base import DatabaseWrapper as LiteWrapper

    PgOps, LiteOps = PgWrapper.ops_class, LiteWrapper.ops_class

    for ops, drop, create in (
        (LiteOps, _triggers.SQLITE_REVERSE, _triggers.SQLITE),
        (PgOps, _triggers.POSTGRES_REVERSE, _triggers.POSTGRES),
    ):
        original = ops.sql_flush

        def sql_flush(
            self, style, tables, *args, _orig=original, _drop=drop, _create=create, **kwargs
        ):
            statements = _orig(self, style, tables, *args, **kwargs)
            if not statements or "audit_auditevent" not in tables:
                return statements
            return [*_drop, *statements, *_create]

        ops.sql_flush = sql_flush


_patch_flush()


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
