"""After a migration rebuilds a table on SQLite, its lost planner statistics come back."""

import pytest
from django.db import connection

from zhengzhi.system.dbstats import analyze_rebuilt_tables

pytestmark = pytest.mark.django_db


def _stat_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps its own statistics")
def test_tables_with_rows_but_no_statistics_are_analysed(django_user_model):
    django_user_model.objects.create(username="someone")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE django_content_type")
        # What a table rebuild leaves: statistics for others, none for this one.
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'accounts_user'")
    user_table = django_user_model._meta.db_table
    assert user_table not in _stat_tables()
    done = analyze_rebuilt_tables()
    assert user_table in done and user_table in _stat_tables()
    assert analyze_rebuilt_tables() == []  # nothing left to do


def test_postgresql_is_left_to_autovacuum():
    if connection.vendor == "sqlite":
        pytest.skip("this is the other database's case")
    assert analyze_rebuilt_tables() == []
