"""Creates the shipped site kinds on a new database (later updates: manage.py load_site_kinds,
which leaves the office's edited kinds alone)."""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "kinds.json"
COPIED = (
    "name",
    "name_en",
    "group",
    "licence_name",
    "licence_required",
    "fields",
    "perimeter",
    "sort_order",
)


def create_kinds(apps, schema_editor):
    SiteKind = apps.get_model("site_registry", "SiteKind")
    Unit = apps.get_model("org", "Unit")
    departments = {u.name: u for u in Unit.objects.filter(kind="department", is_active=True)}
    for item in json.loads(DATA_FILE.read_text(encoding="utf-8"))["kinds"]:
        if SiteKind.objects.filter(code=item["code"]).exists():
            continue
        kind = SiteKind.objects.create(
            code=item["code"], shipped=True, **{k: item[k] for k in COPIED if k in item}
        )
        kind.departments.set(
            [departments[n] for n in item.get("departments", []) if n in departments]
        )


class Migration(migrations.Migration):
    dependencies = [("site_registry", "0001_site_registry"), ("org", "0001_initial")]

    operations = [migrations.RunPython(create_kinds, migrations.RunPython.noop)]
