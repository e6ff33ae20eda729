from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengzhi.ledger.services.categories import DATA_FILE, load_categories


class Command(BaseCommand):
    help = "Loads problem categories from the shipped data file (or another)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DATA_FILE))
        parser.add_argument(
            "--update",
            action="store_true",
            help="overwrite existing categories with the file's values",
        )

    def handle(self, *args, **options):
        try:
            counts = load_categories(Path(options["file"]), update=options["update"])
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot load categories: {exc}") from None
        self.stdout.write(f"categories: {counts['created']} created, {counts['updated']} updated")
