from django.contrib import admin

from zhengzhi.supervision.models import Edition, ReviewDate, Series


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "frequency", "campaign", "is_active")


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("series", "period_start", "period_end", "status", "year", "number")
    list_filter = ("status", "series")
    readonly_fields = ("data", "year", "number", "issued_at", "issued_by")


admin.site.register(ReviewDate)
