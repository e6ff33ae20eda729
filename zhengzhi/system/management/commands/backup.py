"""manage.py backup [--dest DIR] [--keep N] — see zhengzhi/core/backup.py."""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from zhengzhi.system.backup import BackupError, create_backup, default_keep


class Command(BaseCommand):
    help = "Writes a consistent copy of the database and the uploaded files to BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--dest", help="Folder to write into (default: settings.BACKUP_DIR).")
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="How many backups to keep in that folder (default: ZZ_BACKUP_KEEP or 14).",
        )

    def handle(self, *args, dest=None, keep=None, **options):
        keep = keep if keep is not None else default_keep()
        if keep < 1:
            raise CommandError("--keep must be at least 1.")
        try:
            path = create_backup(dest, keep=keep)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        size = sum(p.stat().st_size for p in path.iterdir())
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path} ({filesizeformat(size)})"))
