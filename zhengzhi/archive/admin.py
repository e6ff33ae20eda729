from django.contrib import admin

from zhengzhi.archive.models import Archive, Duty, Evidence, Requirement


@admin.register(Duty)
class DutyAdmin(admin.ModelAdmin):
    list_display = ("campaign", "item", "indicator", "lead_unit")
    list_filter = ("campaign",)
    raw_id_fields = ("item", "indicator", "lead_unit")


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ("title", "campaign", "item", "kind", "count", "per_unit", "per_year")
    list_filter = ("campaign", "kind")


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("title", "requirement", "unit", "year", "source", "status")
    list_filter = ("status", "source")
    raw_id_fields = ("requirement", "unit", "file")


admin.site.register(Archive)
