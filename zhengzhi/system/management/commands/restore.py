"""manage.py restore DIR [--yes] — see zhengzhi/core/backup.py and the README."""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from zhengzhi.system.backup import BackupError, restore_backup, verify_backup

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Restores the database and the uploaded files from a backup folder. Stop the web "
        "server and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", help="A backup folder, e.g. var/backups/zhengzhi-20260101-023000"
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even though the worker seems to be running.",
        )

    def handle(self, *args, folder, yes=False, force=False, **options):
        try:
            manifest = verify_backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        media = manifest.get("media", {})
        self.stdout.write(
            f"Backup of {manifest['created_at']} ({manifest['engine']}, "
            f"{media.get('files', 0)} media files): checksums verified."
        )
        self._refuse_if_running(force)
        self.stdout.write(
            self.style.WARNING(
                "This REPLACES the current database and media folder with the backup. "
                "The web server and the worker must be stopped."
            )
        )
        if not yes and not self._confirmed():
            raise CommandError("Restore cancelled.")
        try:
            restore_backup(folder, say=self.stdout.write)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Restore failed: {exc}") from exc
        self._record(folder, manifest)
        self.stdout.write(
            self.style.SUCCESS(
                "Restore complete. Run `manage.py migrate` (the backup may predate this "
                "version), then start the web server and the worker again."
            )
        )

    def _refuse_if_running(self, force: bool) -> None:
        from zhengzhi.jobs.services import worker_state

        try:
            state = worker_state()
        except DatabaseError:
            return  # no usable database yet: nothing is running on it
        if state.get("status") == "ok" and not force:
            raise CommandError(
                f"The worker was alive {state['last_beat_seconds_ago']} s ago. Stop the web "
                "server and the worker first (or wait three minutes after stopping them), or "
                "pass --force."
            )

    def _confirmed(self) -> bool:
        try:
            answer = input("Type 'yes' to restore: ")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"

    def _record(self, folder, manifest) -> None:
        # Into the restored audit log, so the chain itself shows that a restore happened.
        from zhengzhi.audit.services import record

        try:
            record(
                "system.restore",
                actor_label="manage.py restore",
                object_type="backup",
                object_id=str(folder)[-200:],
                data={"created_at": manifest["created_at"], "engine": manifest["engine"]},
            )
        except DatabaseError:
            log.warning("could not write the restore to the audit log (run migrate first)")
