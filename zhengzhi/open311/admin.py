"""Read-only in the admin: keys are issued and questions edited on the office's pages, whose
services write the audit log."""

from django.contrib import admin

from zhengzhi.open311.models import ApiKey
from zhengzhi.public.models import ExtraQuestion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin):
    list_display = ("name", "prefix", "issued_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)


@admin.register(ExtraQuestion)  # public reporting's, edited on the Open311 office page
class ExtraQuestionAdmin(ReadOnlyAdmin):
    list_display = ("category", "code", "datatype", "required", "order")
