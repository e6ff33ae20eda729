"""Read-only in the Django admin: changes go through the territory pages and services, so that
each is validated, audited, and seen by the point router."""

from django.contrib import admin

from zhengzhi.territory.models import Grid, Segment, UnitBoundary


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Grid)
class GridAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "community", "worker_name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "worker_name"]
    list_select_related = ["community"]


@admin.register(Segment)
class SegmentAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "unit", "community", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["unit", "community"]


@admin.register(UnitBoundary)
class UnitBoundaryAdmin(ReadOnlyAdmin):
    list_display = ["unit", "updated_at"]
    list_select_related = ["unit"]
