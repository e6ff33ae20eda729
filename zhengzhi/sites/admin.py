"""The Django admin shows site kinds read-only: the office changes them on the kinds page
(sites:kinds), where the declarations are checked and every change is audited."""

from django.contrib import admin

from zhengzhi.sites.models import SiteKind


@admin.register(SiteKind)
class SiteKindAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "group", "licence_name", "shipped", "edited", "is_active")
    list_filter = ("group", "is_active")
    search_fields = ("code", "name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
