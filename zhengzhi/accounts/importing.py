"""Importing users from Excel, with the same rules as the user form; one bad row and nothing is
imported. An existing username updates that user (name, phone, unit, roles, e-mail); the
initial password only applies to new users."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from zhengzhi.accounts.models import User
from zhengzhi.accounts.role_names import accepted_role_names, norm_name, role_lookup
from zhengzhi.accounts.rules import password_problems, validate_user
from zhengzhi.accounts.services import create_user, update_user
from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.org.importing.workbook import (
    Column,
    Errors,
    ImportResult,
    Row,
    RowFailed,
    build_template,
    run_import,
    split_list,
)
from zhengzhi.org.models import Unit

COLUMNS = [
    Column("username", "用户名", required=True, width=16),
    Column("full_name", "姓名", required=True),
    Column("phone", "手机", width=16),
    Column("unit", "单位编码", required=True, width=16),
    Column("roles", "角色", required=True, width=28),
    Column("email", "邮箱", width=24),
    Column("password", "初始密码", width=16),
]


def template_bytes() -> bytes:
    notes = [
        _("User import: one row per user; the first row holds the column headers."),
        _(
            "用户名: the login name (letters, digits and @ . + - _); an existing username updates "
            "that user."
        ),
        _("单位编码: the code of the user's unit (see the units page)."),
        _("角色: one or more roles separated by 、 or a comma. Accepted: %(roles)s.")
        % {"roles": accepted_role_names()},
        _(
            "初始密码: optional, new users only. Empty: a temporary password is generated and "
            "shown once after the import. Either way the user must change it at the first login."
        ),
        _("If any row has an error nothing is imported, and every bad row is listed."),
    ]
    return build_template(COLUMNS, notes, _("Users"))


@dataclass
class _Plan:
    row: Row
    instance: User | None
    unit: Unit
    roles: list[str]


def plan_users(rows: list[Row]) -> tuple[list[_Plan], Errors]:
    errors = Errors(COLUMNS, {"full_name": "full_name", "roles": "roles"})
    names = role_lookup()
    units = {u.code: u for u in Unit.objects.filter(code__in={r["unit"] for r in rows})}
    keys = {r["username"].lower() for r in rows}
    existing = {
        u.lname: u for u in User.objects.annotate(lname=Lower("username")).filter(lname__in=keys)
    }
    first_row: dict[str, int] = {}
    plans: list[_Plan] = []
    for row in rows:
        key = row["username"].lower()
        if key and key in first_row:
            errors.add(
                row.number,
                "username",
                _("The username %(u)s is already used in row %(row)d.")
                % {"u": row["username"], "row": first_row[key]},
            )
            continue
        first_row[key] = row.number
        unit = units.get(row["unit"])
        if row["unit"] and unit is None:
            errors.add(
                row.number,
                "unit",
                _("There is no unit with the code %(code)s.") % {"code": row["unit"]},
            )
        roles = []
        for name in split_list(row["roles"]):
            role = names.get(norm_name(name))
            if role is None:
                errors.add(
                    row.number,
                    "roles",
                    _("Unknown role “%(name)s”. Accepted: %(roles)s.")
                    % {"name": name, "roles": accepted_role_names()},
                )
            elif role not in roles:
                roles.append(role)
        instance = existing.get(key)
        problems = validate_user(
            username=row["username"],
            full_name=row["full_name"],
            unit=unit,
            roles=roles,
            phone=row["phone"],
            email=row["email"],
            instance=instance,
            check_database=False,
        )
        if row["unit"] and unit is None:
            problems.pop("unit", None)
        if row["roles"] and "roles" in problems and not roles:
            problems.pop("roles")  # the unknown names were reported above
        if instance is None and row["password"]:
            candidate = User(
                username=row["username"], full_name=row["full_name"], email=row["email"]
            )
            pw_problems = password_problems(row["password"], candidate)
            if pw_problems:
                problems["password"] = pw_problems
        errors.add_all(row.number, problems)
        if unit is not None:
            plans.append(_Plan(row, instance, unit, roles))
    _check_admin_remains(plans, existing, errors)
    return plans, errors


def _check_admin_remains(plans: list[_Plan], existing: dict, errors: Errors) -> None:
    """An import must not take the office administrator role from the last one who has it."""
    touched = {p.instance.pk for p in plans if p.instance is not None}
    untouched_admins = (
        User.objects.filter(is_active=True, roles__role=Role.OFFICE_ADMIN)
        .exclude(pk__in=touched)
        .exists()
    )
    planned_admins = any(
        Role.OFFICE_ADMIN in p.roles and (p.instance is None or p.instance.is_active) for p in plans
    )
    if untouched_admins or planned_admins:
        return
    for plan in plans:
        if plan.instance is not None and plan.instance.has_role(Role.OFFICE_ADMIN):
            errors.add(
                plan.row.number,
                "roles",
                _("This is the last active office administrator: keep the role."),
            )


def import_users(upload, *, actor, request=None) -> ImportResult:
    return run_import(
        upload,
        COLUMNS,
        "users",
        plan_users,
        lambda plans, result: _apply(plans, result, actor=actor, request=request),
    )


def _apply(plans: list[_Plan], result: ImportResult, *, actor, request) -> None:
    # Each user's creation or change is audited on its own, with the changed fields, as on the
    # user pages; the org.import row below sums the file up. All in the import's transaction.
    for plan in plans:
        row = plan.row
        fields = dict(
            full_name=row["full_name"],
            unit=plan.unit,
            roles=plan.roles,
            phone=row["phone"],
            email=row["email"],
            actor=actor,
            request=request,
        )
        with RowFailed.guard(row.number):
            if plan.instance is None:
                user, temporary = create_user(
                    username=row["username"], password=row["password"], **fields
                )
                result.created.append(user.username)
                if temporary:
                    result.passwords.append((user.username, temporary))
            elif update_user(plan.instance, **fields):
                result.updated.append(plan.instance.username)
            else:
                result.unchanged.append(plan.instance.username)
    record(
        "org.import",
        actor=actor,
        actor_label="" if actor else "manage.py import_org",
        object_type="accounts.user",
        data={
            "kind": "users",
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
        },
        request=request,
    )
