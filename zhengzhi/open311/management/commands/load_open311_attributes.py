from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhengzhi.public.services.questions import DATA_FILE, load_questions


class Command(BaseCommand):
    help = "Adds the extra questions (Open311 service definition attributes) of the data file."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE))

    def handle(self, *args, **options):
        try:
            counts = load_questions(Path(options["file"]))
        except (OSError, ValueError, KeyError, ValidationError) as exc:
            raise CommandError(f"Cannot load {options['file']}: {exc}") from None
        self.stdout.write(f"{counts['created']} questions added, {counts['skipped']} skipped")
