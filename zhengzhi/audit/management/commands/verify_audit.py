from django.core.management.base import BaseCommand, CommandError

from zhengzhi.audit.verify import AnchorError, read_anchors, verify_chain


class Command(BaseCommand):
    help = (
        "Checks the audit log's hash chain and names the first broken row; with --anchors, also "
        "that every head anchored in that file is still in the chain."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchors",
            metavar="PATH",
            help="a file of signed heads written by the worker (var/audit-anchors.log)",
        )

    def handle(self, *args, **options):
        anchors = {}
        if options["anchors"]:
            try:
                anchors = read_anchors(options["anchors"])
            except OSError as exc:
                raise CommandError(f"Cannot read {options['anchors']}: {exc}") from None
            except AnchorError as exc:
                raise CommandError(f"Anchor file not trustworthy: {exc}") from None
        checked, broken = verify_chain(anchors=anchors)
        if broken:
            where = f"row seq={broken.seq}"
            if broken.event_id:
                where += f" (id={broken.event_id})"
            raise CommandError(
                f"Audit chain broken at {where}: {broken.reason}. "
                f"{checked} rows before it are intact."
            )
        note = f", {len(anchors)} anchored heads found" if options["anchors"] else ""
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} rows{note}."))
