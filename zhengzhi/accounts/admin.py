"""The Django admin for emergencies (staff and superuser flags exist only here). It is held to the
same rules as the user pages, and every change it makes is audited in the same transaction
(the admin's change and delete views run in one): who changed which fields, roles, groups and
permissions. API tokens are read-only here; revoking goes through the service."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from zhengzhi.accounts.forms import ADMIN_REQUEST, AdminSetPasswordForm
from zhengzhi.accounts.models import ApiToken, User, UserRole
from zhengzhi.accounts.rules import role_problems
from zhengzhi.accounts.services import revoke_api_token
from zhengzhi.accounts.services.users import _last_admin_message, _other_admins
from zhengzhi.audit.services import changes, record
from zhengzhi.core.roles import Role

VIA = "django-admin"
AUDITED_FIELDS = [
    "username",
    "full_name",
    "phone",
    "email",
    "unit",
    "language",
    "is_active",
    "is_staff",
    "is_superuser",
    "must_change_password",
]


def _is_admin(user: User) -> bool:
    return user.roles.filter(role=Role.OFFICE_ADMIN).exists()


def _last_admin(user: User) -> bool:
    return user.pk is not None and user.is_active and _is_admin(user) and not _other_admins(user)


class UserRoleFormSet(BaseInlineFormSet):
    """The roles as the user pages allow them: known, a leader alone, an office admin kept."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        roles = [
            form.cleaned_data["role"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role")
        ]
        problems = role_problems(roles)
        if Role.OFFICE_ADMIN not in roles and _last_admin(self.instance):
            problems.append(_last_admin_message())
        if problems:
            raise ValidationError(problems)


class UserRoleInline(admin.TabularInline):
    model = UserRole
    formset = UserRoleFormSet
    extra = 0


class AdminUserChangeForm(UserChangeForm):
    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_active", True) and _last_admin(self.instance):
            self.add_error("is_active", _last_admin_message())
        return cleaned


def _roles(user: User) -> list[str]:
    return sorted(user.roles.values_list("role", flat=True))


def _related(user: User) -> dict[str, list[str]]:
    return {
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
    }


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = AdminUserChangeForm
    change_password_form = AdminSetPasswordForm
    inlines = [UserRoleInline]
    list_display = ("username", "full_name", "unit", "is_active", "last_login")
    list_filter = ("is_active", "is_staff", "roles__role")
    list_select_related = ("unit",)
    search_fields = ("username", "full_name", "phone", "email")
    autocomplete_fields = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "phone", "email", "unit", "language")}),
        (
            _("Password policy"),
            {"fields": ("password_changed_at", "must_change_password")},
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("password_changed_at", "last_login", "date_joined")

    def user_change_password(self, request, id, form_url=""):
        # The ModelAdmin is shared by all threads: the acting user travels in a context
        # variable (per thread/request), not on the instance.
        token = ADMIN_REQUEST.set(request)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            ADMIN_REQUEST.reset(token)

    def save_model(self, request, obj, form, change):
        # The state before the change rides on the form (one per request) to save_related,
        # which runs after the roles, groups and permissions are saved.
        if change:
            old = User.objects.select_related("unit").get(pk=obj.pk)
            form.zz_before = {name: getattr(old, name) for name in AUDITED_FIELDS}
            form.zz_before_roles = _roles(old)
            form.zz_before_related = _related(old)
        elif obj.has_usable_password():
            # The administrator chose this password: the user chooses their own at the first
            # login, and the password's age counts from now (as for users made on the pages).
            obj.password_changed_at = timezone.now()
            obj.must_change_password = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not change:
            record(
                "user.create",
                actor=request.user,
                obj=user,
                data={
                    "username": user.username,
                    "unit": user.unit.code if user.unit_id else None,
                    "roles": _roles(user),
                    "via": VIA,
                },
                request=request,
            )
            return
        user.refresh_from_db()
        diff = changes(user, form.zz_before, AUDITED_FIELDS)
        roles = _roles(user)
        if roles != form.zz_before_roles:
            diff["roles"] = [form.zz_before_roles, roles]
        for name, after in _related(user).items():
            if after != form.zz_before_related[name]:
                diff[name] = [form.zz_before_related[name], after]
        if diff:
            record(
                "user.update",
                actor=request.user,
                obj=user,
                data={**diff, "via": VIA},
                request=request,
            )

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _last_admin(obj):
            return False
        return super().has_delete_permission(request, obj)

    def _audit_delete(self, request, user: User) -> None:
        record(
            "user.delete",
            actor=request.user,
            obj=user,
            data={
                "username": user.username,
                "unit": user.unit.code if user.unit_id else None,
                "roles": _roles(user),
                "via": VIA,
            },
            request=request,
        )

    def delete_model(self, request, obj):
        self._audit_delete(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        users = list(queryset.select_related("unit"))
        if any(u.is_active and _is_admin(u) for u in users) and not _other_admins_outside(users):
            raise PermissionDenied(_last_admin_message())
        for user in users:
            self._audit_delete(request, user)
        super().delete_queryset(request, queryset)


def _other_admins_outside(users: list[User]) -> bool:
    return (
        User.objects.filter(is_active=True, roles__role=Role.OFFICE_ADMIN)
        .exclude(pk__in=[u.pk for u in users])
        .exists()
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are created on the profile page, where the key is shown once

    def has_change_permission(self, request, obj=None):
        return False  # revoking is the one change, and it is audited (the action below)

    def has_delete_permission(self, request, obj=None):
        return False  # a revoked token stays listed, as the evidence of what it was

    @admin.action(description=_("Revoke the selected tokens"), permissions=["view"])
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True).select_related("user"))
        for token in tokens:
            revoke_api_token(token, actor=request.user, request=request)
        self.message_user(
            request,
            ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", len(tokens))
            % {"n": len(tokens)},
            messages.SUCCESS,
        )
