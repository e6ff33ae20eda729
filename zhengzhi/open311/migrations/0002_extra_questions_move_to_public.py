"""The extra questions move to public reporting (public.ExtraQuestion, created by public's
migration 0004): their rows are copied with their ids, the id sequence is set past them, and
open311's table is dropped. Backwards, the rows go back the same way."""

from django.core.management.color import no_style
from django.db import migrations

FIELDS = (
    "id",
    "category_id",
    "code",
    "variable",
    "datatype",
    "required",
    "description",
    "datatype_description",
    "order",
    "values",
)


def _copy(source, target, schema_editor) -> None:
    rows = [target(**{f: getattr(row, f) for f in FIELDS}) for row in source.objects.all()]
    target.objects.bulk_create(rows, batch_size=500)
    # Ids were given: PostgreSQL's sequence must start after them (no-op on SQLite).
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [target]):
            cursor.execute(sql)


def to_public(apps, schema_editor) -> None:
    _copy(
        apps.get_model("open311", "ServiceAttribute"),
        apps.get_model("public", "ExtraQuestion"),
        schema_editor,
    )


def to_open311(apps, schema_editor) -> None:
    _copy(
        apps.get_model("public", "ExtraQuestion"),
        apps.get_model("open311", "ServiceAttribute"),
        schema_editor,
    )
    apps.get_model("public", "ExtraQuestion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("open311", "0001_keys_and_attributes"),
        ("public", "0004_extra_questions"),
    ]

    operations = [
        migrations.RunPython(to_public, to_open311),
        migrations.DeleteModel(name="ServiceAttribute"),
    ]
