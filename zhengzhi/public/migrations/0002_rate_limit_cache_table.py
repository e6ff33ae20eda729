"""The table of the database cache that counts public submissions per address (settings
CACHES["ratelimit"] without Redis). `migrate` makes it, so every installation and test database
has it; createcachetable skips a table that exists, and does nothing when the cache is Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("public", "0001_public_reports")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
