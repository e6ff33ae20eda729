"""SQLite only: the dashboard's open problems as a plain (not partial) covering index.

SQLite uses a partial index only when the query's own WHERE proves the index's condition, and it
cannot prove `status IN ('reported', …)` from the bound parameters Django sends, so
`problem_unfinished` (0010) is never used there and the map's bounds and clusters scan the
table. PostgreSQL matches the partial index and gets nothing here."""

from django.db import migrations

NAME = "problem_unfinished_sqlite"
COLUMNS = '"status", "due_at", "owner_unit_id", "main_category_id", "lon", "lat"'


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "ledger_problem" ({COLUMNS})'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("ledger", "0010_problems_closed_and_unfinished_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
