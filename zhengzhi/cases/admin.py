"""The Django admin shows the cases' data read-only: every change goes through the services
(audited, row-locked) from the pages and the API. The types and the 查一补三 rule are shipped
data (data/case_types.json, migration 0002)."""

from django.contrib import admin

from zhengzhi.cases.models import Case, CaseType, RecheckRule


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseType)
class CaseTypeAdmin(ReadOnly):
    list_display = ("code", "name", "group", "unlicensed_transport", "is_active")
    list_filter = ("group", "is_active")


@admin.register(RecheckRule)
class RecheckRuleAdmin(ReadOnly):
    list_display = ("name", "count", "days", "is_active")


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ("number", "case_type", "state", "filed_on", "handling_unit", "major")
    list_filter = ("state", "major", "case_type")
    search_fields = ("number", "party", "vehicle")
