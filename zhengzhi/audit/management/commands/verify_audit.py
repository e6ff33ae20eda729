from django.core.management.base import BaseCommand, CommandError

from zhengzhi.audit.services import verify_chain


class Command(BaseCommand):
    help = "Checks the audit log's hash chain and names the first broken row."

    def handle(self, *args, **options):
        checked, broken = verify_chain()
        if broken:
            where = f"row seq={broken.seq}"
            if broken.event_id:
                where += f" (id={broken.event_id})"
            raise CommandError(
                f"Audit chain broken at {where}: {broken.reason}. "
                f"{checked} rows before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} rows."))
