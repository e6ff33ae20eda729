from django.contrib import admin

from zhengzhi.accountability.models import LadderRule


@admin.register(LadderRule)
class LadderRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "days", "is_active")
