"""The demo district: units, one user per role, grids and segments, problem categories and
about 2,000 problems in every state. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from zhengzhi.audit.services import record
from zhengzhi.org.models import Unit
from zhengzhi.system.dbstats import refresh_statistics


class Command(BaseCommand):
    help = "Loads the fictional demo district (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--problems",
            type=int,
            default=2000,
            help="how many demo problems (default 2000; 0 for none)",
        )

    def handle(self, *args, **options):
        from zhengzhi.accounts.demo import build_demo_org
        from zhengzhi.campaigns.demo import build_demo_campaigns
        from zhengzhi.ledger.demo import build_demo_ledger
        from zhengzhi.ledger.services.categories import load_categories
        from zhengzhi.territory.demo import build_demo_territory

        with transaction.atomic():
            org = build_demo_org()
            territory = build_demo_territory(org)
            categories = load_categories()
            # The extra questions of public categories (the Open311 service definitions).
            from zhengzhi.public.services.questions import load_questions

            load_questions()
            record(
                "demo.seed",
                object_type="core.demo",
                data={
                    "units": Unit.objects.count(),
                    "users": len(org["users"]),
                    "grids": territory.get("grids", 0),
                    "categories": categories["created"],
                },
            )
        ledger = {"problems": 0}
        if options["problems"]:
            ledger = build_demo_ledger(org, count=options["problems"])
        # The site registry, after the ledger: demo problems are attached to their sites.
        from zhengzhi.ledger.models import Problem
        from zhengzhi.sites.demo import build_demo_sites

        sites = build_demo_sites(problems=Problem.objects.all())
        from zhengzhi.cases.demo import build_demo_cases  # on the registry's sites

        build_demo_cases()
        campaigns = build_demo_campaigns(org)
        from zhengzhi.public.demo import build_demo_reports  # before the rewards, which need them

        build_demo_reports()
        from zhengzhi.rewards.demo import build_demo_rewards  # on the public reports
        from zhengzhi.satisfaction.demo import build_demo_calls
        from zhengzhi.surveys.demo import build_demo_survey

        build_demo_calls()
        build_demo_rewards()
        build_demo_survey()
        from zhengzhi.standards.demo import build_demo_standards  # on campaigns and ratings

        build_demo_standards(org)
        from zhengzhi.archive.demo import build_demo_archive  # on the standards' campaign

        build_demo_archive(org)
        from zhengzhi.inspections.demo import build_demo_inspections  # on the sites, the ledger

        build_demo_inspections()

        from zhengzhi.supervision.demo import build_demo_supervision  # on all of the above

        build_demo_supervision(org)
        from zhengzhi.accountability.demo import build_demo_accountability

        build_demo_accountability(org)
        refresh_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo district ready: {len(org['users'])} users, "
                f"{territory.get('grids', 0)} grids, {territory.get('segments', 0)} segments, "
                + (
                    "demo problems already there."
                    if ledger.get("skipped")
                    else f"{ledger.get('problems', 0)} problems."
                )
                + f" {campaigns['campaigns']} campaigns, {campaigns['reports']} progress reports."
                + ("" if sites.get("skipped") else f" {sites.get('sites', 0)} sites.")
            )
        )
