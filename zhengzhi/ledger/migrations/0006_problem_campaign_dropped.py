"""Problem.campaign is dropped: the link between a problem and its campaign now lives in the
campaigns app (campaigns.CampaignProblem), whose migration 0004 copies the links first (it runs
before this one), so the ledger's migrations need nothing of campaigns from here on."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_problem_campaign_fk"),
    ]

    operations = [
        migrations.RemoveField(model_name="problem", name="campaign"),
    ]
