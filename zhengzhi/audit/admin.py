from django.contrib import admin

from zhengzhi.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["seq", "at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_repr", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
