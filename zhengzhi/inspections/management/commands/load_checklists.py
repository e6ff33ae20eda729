from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengzhi.inspections.services.loading import DATA_DIR, load_checklists


class Command(BaseCommand):
    help = (
        "Loads the shipped checklists (and the county covert table from the standards: load "
        "the standards first) from their data files, or from another folder; a changed file "
        "makes a new version, the office's edited checklists stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=str(DATA_DIR))

    def handle(self, *args, **options):
        try:
            counts = load_checklists(Path(options["folder"]))
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot load the checklists: {exc}") from None
        self.stdout.write(
            "checklists: {created} created, {versioned} new versions, {unchanged} unchanged, "
            "{kept} kept".format(**counts)
        )
