"""Reporting slots count from the moment a campaign was set under way and a task was created:
Campaign.started_at and Task.created_at.

Existing campaigns keep started_at empty, read as "since the campaign's start date" (their
history stays as it was); existing tasks take their campaign's creation time, the best we know
of when they were made.
"""

import django.utils.timezone
from django.db import migrations, models


def tasks_created_with_their_campaign(apps, schema_editor):
    Task = apps.get_model("campaigns", "Task")
    Campaign = apps.get_model("campaigns", "Campaign")
    for pk, created_at in Campaign.objects.values_list("pk", "created_at").iterator():
        Task.objects.filter(campaign_id=pk).update(created_at=created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started"),
        ),
        migrations.AddField(
            model_name="task",
            name="created_at",
            field=models.DateTimeField(null=True, editable=False, verbose_name="created"),
        ),
        migrations.RunPython(tasks_created_with_their_campaign, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="task",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="created"
            ),
        ),
    ]
