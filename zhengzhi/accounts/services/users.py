"""Creating and changing users and their roles (office administrator)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.accounts.models import User, UserRole
from zhengzhi.accounts.rules import password_problems, validate_user
from zhengzhi.accounts.services.passwords import generate_temporary_password
from zhengzhi.audit.services import changes, record
from zhengzhi.core.roles import Role

USER_FIELDS = ["full_name", "phone", "email", "unit"]


@transaction.atomic
def create_user(
    *,
    username: str,
    full_name: str,
    unit,
    roles: list[str],
    phone: str = "",
    email: str = "",
    password: str = "",
    actor: User | None,
    request=None,
    audit: bool = True,
) -> tuple[User, str | None]:
    """A new user who must change the initial password at the first login. Without a password
    a temporary one is generated and returned (to be shown once); otherwise returns None."""
    errors = validate_user(
        username=username, full_name=full_name, unit=unit, roles=roles, phone=phone, email=email
    )
    candidate = User(username=username, full_name=full_name, email=email)
    if password:
        problems = password_problems(password, candidate)
        if problems:
            errors["password"] = problems
    if errors:
        raise ValidationError(errors)
    temporary = None
    if not password:
        password = temporary = generate_temporary_password(candidate)
    user = User(username=username, full_name=full_name, unit=unit, phone=phone, email=email)
    _set_new(user, password)
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in sorted(set(roles))])
    if audit:
        record(
            "user.create",
            actor=actor,
            obj=user,
            data={"username": username, "unit": unit.code, "roles": sorted(set(roles))},
            request=request,
        )
    return user, temporary


def _set_new(user: User, password: str) -> None:
    # One save: User.save() then records the password in the history (its pk exists by then).
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.must_change_password = True
    user.save()


@transaction.atomic
def update_user(
    user: User,
    *,
    full_name: str,
    unit,
    roles: list[str],
    phone: str = "",
    email: str = "",
    actor: User | None,
    request=None,
    audit: bool = True,
) -> dict:
    """Changes name, contact, unit and roles. Returns the changes (empty when none)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    errors = validate_user(
        username=user.username,
        full_name=full_name,
        unit=unit,
        roles=roles,
        phone=phone,
        email=email,
        instance=user,
    )
    old_roles = sorted(user.roles.values_list("role", flat=True))
    new_roles = sorted(set(roles))
    if (
        Role.OFFICE_ADMIN in old_roles
        and Role.OFFICE_ADMIN not in new_roles
        and user.is_active
        and not _other_admins(user)
    ):
        errors.setdefault("roles", []).append(_last_admin_message())
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(user, name) for name in USER_FIELDS}
    user.full_name, user.unit, user.phone, user.email = full_name, unit, phone, email
    diff = changes(user, before, USER_FIELDS)
    if diff:
        user.save(update_fields=["full_name", "unit", "phone", "email"])
    if old_roles != new_roles:
        user.roles.exclude(role__in=new_roles).delete()
        UserRole.objects.bulk_create(
            [UserRole(user=user, role=r) for r in new_roles if r not in old_roles]
        )
        diff["roles"] = [old_roles, new_roles]
    if diff and audit:
        record("user.update", actor=actor, obj=user, data=diff, request=request)
    return diff


def _other_admins(user: User) -> bool:
    return (
        User.objects.filter(is_active=True, roles__role=Role.OFFICE_ADMIN)
        .exclude(pk=user.pk)
        .exists()
    )


def _last_admin_message() -> str:
    return _("This is the last active office administrator: appoint another one first.")


@transaction.atomic
def deactivate_user(user: User, *, actor: User, request=None) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.has_role(Role.OFFICE_ADMIN) and not _other_admins(user):
        raise ValidationError(_last_admin_message())
    user.is_active = False
    user.save(update_fields=["is_active"])
    record("user.deactivate", actor=actor, obj=user, request=request)
    return user


@transaction.atomic
def reactivate_user(user: User, *, actor: User, request=None) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        return user
    if user.unit is not None and not user.unit.is_active:
        raise ValidationError(
            _("The unit %(name)s is deactivated: move the user to an active unit first.")
            % {"name": user.unit.name}
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    record("user.reactivate", actor=actor, obj=user, request=request)
    return user
