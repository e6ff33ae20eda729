"""Migration campaigns 0005 moves the links between problems and campaigns out of the ledger's
column into campaigns.CampaignProblem, and back when unapplied; running its copy again adds
nothing. Run on the test database, migrating back and forth (SQLite here, PostgreSQL too)."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zhengzhi.campaigns.models import Campaign, CampaignProblem
from zhengzhi.ledger.models import Category
from zhengzhi.ledger.services.categories import load_categories

BEFORE = [
    ("campaigns", "0004_sheet_export_jobs_keep_their_params_apart"),
    ("ledger", "0005_problem_campaign_fk"),
]
AFTER = [
    ("campaigns", "0005_problem_links_copied_from_ledger"),
    ("ledger", "0006_problem_campaign_dropped"),
]
move = importlib.import_module(
    "zhengzhi.campaigns.migrations.0005_problem_links_copied_from_ledger"
)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_links_move_to_campaigns_and_back(units):
    load_categories()
    sub = Category.objects.filter(parent__isnull=False).first()
    campaigns = [
        Campaign.objects.create(
            name=name, scope_unit=units["street"], office_unit=units["office"],
            starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 6, 30),
        )
        for name in ("百日攻坚", "创卫复审")
    ]  # fmt: skip
    try:
        old = _migrate(BEFORE)  # the problem has its campaign column again
        OldProblem = old.get_model("ledger", "Problem")
        for i, campaign in enumerate([campaigns[0], campaigns[1], None, campaigns[0]]):
            OldProblem.objects.create(
                number=f"2026-{i + 1:06d}", source="patrol", category_id=sub.pk,
                main_category_id=sub.parent_id, description="占道", reported_at=timezone.now(),
                campaign_id=campaign.pk if campaign else None,
            )  # fmt: skip
        expected = {p.pk: p.campaign_id for p in OldProblem.objects.filter(campaign__isnull=False)}
        assert len(expected) == 3

        middle = _migrate(AFTER[:1])  # copied, the ledger's column not yet dropped
        assert dict(CampaignProblem.objects.values_list("problem_id", "campaign_id")) == expected
        # Running the copy again (a migration retried by hand) adds nothing and fails nothing.
        with connection.schema_editor() as editor:
            move.copy_links(middle, editor)
        assert CampaignProblem.objects.count() == 3

        _migrate(AFTER)
        assert dict(CampaignProblem.objects.values_list("problem_id", "campaign_id")) == expected
        with connection.cursor() as cursor:
            columns = connection.introspection.get_table_description(cursor, "ledger_problem")
        assert "campaign_id" not in {c.name for c in columns}

        old = _migrate(BEFORE)  # and back: the column holds the links again
        OldProblem = old.get_model("ledger", "Problem")
        back = dict(OldProblem.objects.values_list("pk", "campaign_id"))
        assert {pk: c for pk, c in back.items() if c is not None} == expected
    finally:
        _migrate(AFTER)
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
