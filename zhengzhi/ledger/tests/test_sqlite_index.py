"""SQLite cannot use the partial index of the unfinished problems (bound parameters never prove
its condition); migration 0011 adds a plain one there. A later migration that makes SQLite
rebuild the problems table drops an index the models do not declare: this says so."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_has_the_plain_index_of_the_unfinished_problems():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s",
            ["problem_unfinished_sqlite"],
        )
        row = cursor.fetchone()
    assert row is not None and "WHERE" not in row[0].upper()
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT MIN(lon) FROM ledger_problem "
            "WHERE status IN (%s, %s) AND lon IS NOT NULL",
            ["dispatched", "accepted"],
        )
        plan = " ".join(str(r) for r in cursor.fetchall())
    assert "problem_unfinished_sqlite" in plan
