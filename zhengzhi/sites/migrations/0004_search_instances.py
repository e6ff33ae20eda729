"""The text index's vocabulary by instance (SQLite), for one- and two-character queries: read
in term order, it gives the sites holding the trigrams that start with the query and can stop
after a few thousand, where the vocabulary by row (0003) counts every term's sites first."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE site_registry_site_fts_instances"
    " USING fts5vocab(site_registry_site_fts, 'instance')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS site_registry_site_fts_instances"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("site_registry", "0003_search_index")]

    operations = [migrations.RunPython(forward, backward)]
