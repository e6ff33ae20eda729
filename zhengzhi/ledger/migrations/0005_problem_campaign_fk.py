"""Problem.campaign_id, a bare number until campaigns existed, becomes a foreign key to
campaigns.Campaign. The column keeps its name and its values; the constraint is added."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0004_ranking_satisfaction_weight"),
        ("campaigns", "0001_initial"),
    ]

    operations = [
        # In the state only: the field is renamed to `campaign`, on the same column.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="problem", name="campaign_id"),
                migrations.AddField(
                    model_name="problem",
                    name="campaign",
                    field=models.BigIntegerField(
                        blank=True,
                        db_column="campaign_id",
                        db_index=True,
                        null=True,
                        verbose_name="campaign",
                    ),
                ),
            ],
            database_operations=[],
        ),
        # Numbers that name no campaign (there were none to name) are cleared first.
        migrations.RunSQL(
            "UPDATE ledger_problem SET campaign_id = NULL WHERE campaign_id IS NOT NULL "
            "AND campaign_id NOT IN (SELECT id FROM campaigns_campaign)",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="problem",
            name="campaign",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="problems",
                to="campaigns.campaign",
                verbose_name="campaign",
            ),
        ),
    ]
