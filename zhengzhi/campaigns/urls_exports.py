"""The dispatch sheet's export pages (with their background jobs), included from urls.py."""

from django.urls import path

from zhengzhi.campaigns.views import sheet_exports

urlpatterns = [
    path("<int:pk>/sheet/export/", sheet_exports.start_export, name="sheet_export"),
    path("exports/", sheet_exports.export_page, name="sheet_exports"),
    path("exports/jobs/", sheet_exports.export_jobs, name="sheet_export_jobs"),
    path("exports/<int:job_id>/download/", sheet_exports.export_download, name="sheet_export_file"),
]
