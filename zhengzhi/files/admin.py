from django.contrib import admin

from zhengzhi.files.models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "size", "unit", "uploaded_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["original_name", "sha256"]
    readonly_fields = [f.name for f in StoredFile._meta.fields]

    def has_add_permission(self, request):
        return False  # uploads go through store_upload, which checks and cleans them
