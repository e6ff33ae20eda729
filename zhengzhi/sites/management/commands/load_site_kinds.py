from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengzhi.sites.kinds import DeclarationError
from zhengzhi.sites.services.kinds import DATA_FILE, load_site_kinds


class Command(BaseCommand):
    help = "Loads the site kinds from the shipped data file (or another); the office's edits stay."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DATA_FILE))

    def handle(self, *args, **options):
        try:
            counts = load_site_kinds(Path(options["file"]))
        except (OSError, ValueError, KeyError, DeclarationError) as exc:
            raise CommandError(f"Cannot load site kinds: {exc}") from None
        self.stdout.write(
            "site kinds: {created} created, {updated} updated, {kept} kept".format(**counts)
        )
