"""Creates the first office administrator (and, when there are no units yet, the office)."""

from __future__ import annotations

import getpass
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhengzhi.accounts.models import User
from zhengzhi.accounts.rules import password_problems
from zhengzhi.accounts.services import create_user
from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.org.models import Unit, UnitKind


class Command(BaseCommand):
    help = (
        "Creates the first office administrator. Non-interactive with --username and "
        "--password (or ZZ_ADMIN_PASSWORD); otherwise asks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", help="login name (asked when missing)")
        parser.add_argument(
            "--password", help="password; prefer the ZZ_ADMIN_PASSWORD environment variable"
        )
        parser.add_argument("--full-name", default="", help="the administrator's name")
        parser.add_argument(
            "--unit",
            help="code of the unit the administrator belongs to (default: the office unit)",
        )
        parser.add_argument(
            "--office-name",
            default="领导小组办公室",
            help="name of the office unit created when there are no units yet",
        )
        parser.add_argument("--no-input", action="store_true", help="never prompt")

    def handle(self, *args, **options):
        interactive = not options["no_input"]
        username = options["username"] or (self._ask("Username: ") if interactive else None)
        if not username:
            raise CommandError("--username is required.")
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"A user named {username} already exists.")
        full_name = options["full_name"] or username
        password = options["password"] or os.environ.get("ZZ_ADMIN_PASSWORD", "")
        candidate = User(username=username, full_name=full_name)
        if not password:
            if not interactive:
                raise CommandError("Give --password or set ZZ_ADMIN_PASSWORD.")
            password = self._ask_password(candidate)
        problems = password_problems(password, candidate)
        if problems:
            raise CommandError("The password is too weak:\n  " + "\n  ".join(problems))

        with transaction.atomic():
            unit = self._unit(options)
            user, _ = create_user(
                username=username,
                full_name=full_name,
                unit=unit,
                roles=[Role.OFFICE_ADMIN],
                password=password,
                actor=None,
                audit=False,
            )
            # The administrator chose this password: no forced change. Staff and superuser give
            # access to the Django admin site for emergencies.
            user.must_change_password = False
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["must_change_password", "is_staff", "is_superuser"])
            record(
                "user.create",
                obj=user,
                actor_label="manage.py create_admin",
                data={"username": username, "unit": unit.code, "roles": [Role.OFFICE_ADMIN]},
            )
        self.stdout.write(
            self.style.SUCCESS(f"Office administrator {username} created in {unit.name}.")
        )

    def _unit(self, options) -> Unit:
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"There is no unit with the code {options['unit']}.")
            return unit
        office = Unit.objects.filter(kind=UnitKind.OFFICE, is_active=True).order_by("path").first()
        if office is not None:
            return office
        if Unit.objects.exists():
            raise CommandError("There is no office unit: give --unit CODE.")
        unit = Unit.objects.add_root(
            create_kwargs={
                "name": options["office_name"],
                "code": "office",
                "kind": UnitKind.OFFICE,
            }
        )
        record(
            "unit.create",
            obj=unit,
            unit_id=unit.pk,
            actor_label="manage.py create_admin",
            data={"name": unit.name, "code": unit.code, "kind": unit.kind},
        )
        return unit

    def _ask(self, prompt: str) -> str:
        try:
            return input(prompt).strip()
        except EOFError as exc:
            raise CommandError("No input.") from exc

    def _ask_password(self, candidate: User) -> str:
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords do not match.")
                continue
            problems = password_problems(password, candidate)
            if problems:
                self.stderr.write("\n".join(problems))
                continue
            return password
