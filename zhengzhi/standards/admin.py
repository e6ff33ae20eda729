"""Read-only views of the standards for administrators; changes go through the pages and
services (audit-logged)."""

from django.contrib import admin

from zhengzhi.standards.models import IndicatorValue, StandardVersion


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StandardVersion)
class StandardVersionAdmin(ReadOnly):
    list_display = ("code", "name", "kind", "effective_from", "confirmed", "shipped", "edited")


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnly):
    list_display = ("measure", "unit", "period", "number", "grade", "flag", "status", "current")
    list_select_related = ("measure", "unit")
