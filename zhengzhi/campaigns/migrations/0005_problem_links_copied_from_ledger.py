"""The link between a ledger problem and its campaign moves into the campaigns app: the table
campaigns_campaignproblem is created and filled from ledger_problem.campaign_id, before the
ledger's migration 0006 drops that column (run_before). Backwards, the links are copied back
into the column (which the ledger's 0006, unapplied first, has brought back).

Both copies are one INSERT/UPDATE ... SELECT in the database (no rows through Python, fine at
any size), written in SQL that SQLite and PostgreSQL both run, and safe to run again: a problem
already linked is skipped."""

import django.db.models.deletion
from django.db import migrations, models

# The tables and columns as they are at this point of the history (literal: a migration is a
# snapshot and must not follow later renames).
COPY = (
    "INSERT INTO campaigns_campaignproblem (problem_id, campaign_id) "
    "SELECT p.id, p.campaign_id FROM ledger_problem p "
    "WHERE p.campaign_id IS NOT NULL AND NOT EXISTS ("
    "SELECT 1 FROM campaigns_campaignproblem l WHERE l.problem_id = p.id)"
)
COPY_BACK = (
    "UPDATE ledger_problem SET campaign_id = ("
    "SELECT l.campaign_id FROM campaigns_campaignproblem l WHERE l.problem_id = ledger_problem.id"
    ") WHERE id IN (SELECT problem_id FROM campaigns_campaignproblem)"
)


def copy_links(apps, schema_editor) -> None:
    schema_editor.execute(COPY)


def copy_links_back(apps, schema_editor) -> None:
    schema_editor.execute(COPY_BACK)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_sheet_export_jobs_keep_their_params_apart"),
        ("ledger", "0005_problem_campaign_fk"),
    ]
    run_before = [
        ("ledger", "0006_problem_campaign_dropped"),
    ]

    operations = [
        migrations.CreateModel(
            name="CampaignProblem",
            fields=[
                (
                    "problem",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="campaign_link",
                        serialize=False,
                        to="ledger.problem",
                        verbose_name="problem",
                    ),
                ),
                (
                    "campaign",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="problem_links",
                        to="campaigns.campaign",
                        verbose_name="campaign",
                    ),
                ),
            ],
            options={
                "verbose_name": "campaign problem",
                "verbose_name_plural": "campaign problems",
                "indexes": [
                    models.Index(fields=["campaign", "problem"], name="campaignproblem_campaign")
                ],
            },
        ),
        migrations.RunPython(copy_links, copy_links_back, elidable=False),
    ]
