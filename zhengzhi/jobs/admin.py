from django.contrib import admin

from zhengzhi.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "name", "status", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "name"]
    readonly_fields = [f.name for f in Job._meta.fields]
