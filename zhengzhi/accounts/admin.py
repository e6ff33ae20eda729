from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from zhengzhi.accounts.forms import ADMIN_REQUEST, AdminSetPasswordForm
from zhengzhi.accounts.models import ApiToken, User, UserRole


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "prefix", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False  # tokens are created on the profile page, where the key is shown once
