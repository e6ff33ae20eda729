from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengzhi.standards.services.loading import DATA_DIR, load_standards


class Command(BaseCommand):
    help = (
        "Loads the shipped standards (2021, 2014 with its prerequisites, the county covert-visit "
        "table) from their data files, or from another folder; the office's edits stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=str(DATA_DIR))

    def handle(self, *args, **options):
        try:
            counts = load_standards(Path(options["folder"]))
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot load the standards: {exc}") from None
        self.stdout.write(
            "standards: {created} created, {updated} updated, {kept} kept".format(
                **{"created": 0, "updated": 0, "kept": 0, **counts}
            )
        )
