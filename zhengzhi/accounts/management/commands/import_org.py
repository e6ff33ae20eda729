"""Imports units or users from an Excel file, all or nothing, like the import pages."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Imports units or users from an .xlsx file; one bad row and nothing is imported."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file (see the template on the import page)")
        parser.add_argument("--kind", choices=["units", "users"], required=True)

    def handle(self, *args, **options):
        from zhengzhi.accounts.importing import import_users
        from zhengzhi.org.importing.units import import_units

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        importer = import_units if options["kind"] == "units" else import_users
        with path.open("rb") as handle:
            result = importer(handle, actor=None)
        if not result.ok:
            for error in result.errors:
                where = f"row {error.row}" if error.row else "file"
                column = f" [{error.column}]" if error.column else ""
                self.stderr.write(f"{where}{column}: {error.message}")
            raise CommandError(f"{len(result.errors)} error(s): nothing was imported.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows} rows: {len(result.created)} created, "
                f"{len(result.updated)} updated, {len(result.unchanged)} unchanged."
            )
        )
        for username, password in result.passwords:
            self.stdout.write(f"temporary password for {username}: {password}")
