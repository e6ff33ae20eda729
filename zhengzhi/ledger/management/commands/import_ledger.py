"""Imports an office's Excel ledger sheet, all or nothing, like the import page."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Imports problems from a ledger .xlsx (the columns of the ledger export); one bad row "
        "and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file (see the template on /ledger/import/)")
        parser.add_argument(
            "--actor",
            required=True,
            help="username of the office dispatcher or administrator the import is recorded for",
        )

    def handle(self, *args, **options):
        from zhengzhi.accounts.models import User
        from zhengzhi.ledger.imports import import_ledger

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = User.objects.filter(username=options["actor"], is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {options['actor']!r}.")
        with path.open("rb") as handle:
            result = import_ledger(handle, actor=actor)
        if not result.ok:
            for error in result.errors:
                where = f"row {error.row}" if error.row else "file"
                column = f" [{error.column}]" if error.column else ""
                self.stderr.write(f"{where}{column}: {error.message}")
            raise CommandError(f"{len(result.errors)} error(s): nothing was imported.")
        numbers = result.created
        span = f" ({numbers[0]} … {numbers[-1]})" if numbers else ""
        self.stdout.write(self.style.SUCCESS(f"{len(numbers)} problems imported{span}."))
