"""The demo district: units, one user per role, grids and segments. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from zhengzhi.audit.services import record
from zhengzhi.org.models import Unit


class Command(BaseCommand):
    help = "Loads the fictional demo district (idempotent)."

    def handle(self, *args, **options):
        from zhengzhi.org.demo import build_demo_org
        from zhengzhi.territory.demo import build_demo_territory

        with transaction.atomic():
            org = build_demo_org()
            territory = build_demo_territory(org)
            record(
                "demo.seed",
                object_type="core.demo",
                data={
                    "units": Unit.objects.count(),
                    "users": len(org["users"]),
                    "grids": territory.get("grids", 0),
                },
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo district ready: {len(org['users'])} users, "
                f"{territory.get('grids', 0)} grids, {territory.get('segments', 0)} segments."
            )
        )
