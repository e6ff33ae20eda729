"""import_grids FILE.geojson [--segments | --boundaries] [--dry-run] [--actor USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhengzhi.territory.services import BOUNDARIES, GRIDS, SEGMENTS, import_geojson


class Command(BaseCommand):
    help = (
        "Loads grids (or street segments, or unit boundaries) from a GeoJSON FeatureCollection. "
        "All or nothing: any bad feature is reported and nothing is saved (exit status 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument("--segments", action="store_true", help="the file holds street segments")
        kind.add_argument(
            "--boundaries", action="store_true", help="the file holds unit boundaries"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, save nothing")
        parser.add_argument("--actor", default="", help="user name recorded in the audit log")

    def handle(self, *args, file: Path, segments, boundaries, dry_run, actor, **options):
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        user = None
        if actor:
            user = get_user_model().objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"no user {actor!r}")
        kind = SEGMENTS if segments else BOUNDARIES if boundaries else GRIDS
        result = import_geojson(kind, raw, actor=user, dry_run=dry_run)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(n)d problem(s) in %(file)s; nothing was saved.")
                % {"n": len(result.errors), "file": file},
                returncode=1,
            )
        summary = (
            _("%(total)d features: %(created)d new, %(updated)d changed, %(unchanged)d unchanged")
            % result.counts()
        )
        if dry_run:
            self.stdout.write(_("Check passed (%(s)s); nothing saved.") % {"s": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported %(s)s.") % {"s": summary}))
