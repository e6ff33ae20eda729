"""The close standard (结案标准) as items the verifier ticks: a list on each category, filled
for the categories there are from their close standard's sentence ("垃圾清理干净，无残留" →
["垃圾清理干净", "无残留"])."""

import re

from django.db import migrations, models


def split_close_standard(apps, schema_editor):
    Category = apps.get_model("ledger", "Category")
    changed = []
    for category in Category.objects.exclude(close_standard="").only("id", "close_standard"):
        items = []
        for part in re.split(r"[，,；;。\n]+", category.close_standard):
            text = " ".join(part.split())[:100]
            if text and text not in items:
                items.append(text)
        category.close_items = items[:12]
        changed.append(category)
    Category.objects.bulk_update(changed, ["close_items"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0006_problem_campaign_dropped"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="close_items",
            field=models.JSONField(blank=True, default=list, verbose_name="close standard items"),
        ),
        migrations.RunPython(split_close_standard, migrations.RunPython.noop),
    ]
