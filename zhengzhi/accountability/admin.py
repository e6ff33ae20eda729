from django.contrib import admin

from zhengzhi.accountability.models import (
    AssessmentScheme,
    ConsequenceRule,
    LadderRule,
    ListRule,
    SupervisionGroup,
)


@admin.register(LadderRule)
class LadderRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "days", "is_active")


@admin.register(SupervisionGroup)
class SupervisionGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "leader", "is_active")
    filter_horizontal = ("members", "areas")


admin.site.register(ListRule)
admin.site.register(ConsequenceRule)
admin.site.register(AssessmentScheme)
